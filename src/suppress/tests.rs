use super::*;
use crate::source::SourceFile;

/// The text of each comment of `text` read as file `name`.
fn comment_texts(name: &str, text: &str) -> Vec<String> {
    comments(Path::new(name), text)
        .into_iter()
        .map(|r| text[r].to_string())
        .collect()
}

fn directives(name: &str, text: &str) -> Directives {
    find(&SourceFile::new(name.into(), name.into(), text.to_string()))
}

/// `ids @ lines | reason` of each directive.
fn summary(name: &str, text: &str) -> Vec<String> {
    directives(name, text)
        .directives
        .iter()
        .map(|d| {
            let ids: Vec<&str> = d.rules.iter().map(|r| r.id.as_str()).collect();
            let at = if d.file_wide {
                "file".to_string()
            } else {
                format!("{}-{}", d.lines.start(), d.lines.end())
            };
            format!("{} @ {at} | {}", ids.join(","), d.reason)
        })
        .collect()
}

#[test]
fn javascript_line_and_block_comments_but_not_strings() {
    let text =
        "const a = '// not a comment'; // one\n/* two\n three */ call();\nconst u = `/* no */`;\n";
    assert_eq!(
        comment_texts("app.js", text),
        ["// one", "/* two\n three */"]
    );
}

#[test]
fn python_hash_comments_but_not_in_strings() {
    let text = "url = '#/api/v2' # real\n\"\"\"# docstring\"\"\"\n";
    assert_eq!(comment_texts("app.py", text), ["# real"]);
}

#[test]
fn powershell_block_comments() {
    let text = "<# gclint: ignore[hardcoded-secret] #>\n$s = 'x' # tail\n";
    assert_eq!(
        comment_texts("run.ps1", text),
        ["<# gclint: ignore[hardcoded-secret] #>", "# tail"]
    );
}

#[test]
fn html_markup_comments_and_script_comments() {
    let text = "<!-- top -->\n<script>\n// in script\nconst s = '<!-- not -->';\n</script>\n<p><!-- end --></p>\n";
    assert_eq!(
        comment_texts("index.html", text),
        ["<!-- top -->", "// in script", "<!-- end -->"]
    );
}

#[test]
fn yaml_hash_comments_outside_quotes_and_block_scalars() {
    let text = "\
# head
name: \"a # b\" # after quoted
title: it's # plain with quote
url: http://x/#frag
note: 'it''s # still quoted'
desc: |
  # content, not a comment
  more
# back at the top
list:
  - |-
    # content
  - x # item
multi: \"first
  # inside a quoted scalar
  last\" # after
";
    assert_eq!(
        comment_texts("appfoundry.yaml", text),
        [
            "# head",
            "# after quoted",
            "# plain with quote",
            "# back at the top",
            "# item",
            "# after"
        ]
    );
}

#[test]
fn json_comments_outside_strings() {
    let text = "{\n  // line\n  \"url\": \"http://x//y\", /* block */\n  \"a\": \"\\\"//\"\n}\n";
    assert_eq!(
        comment_texts("appfoundry.json", text),
        ["// line", "/* block */"]
    );
}

#[test]
fn hcl_comments_outside_strings_interpolations_and_heredocs() {
    let text = r#"# hash
resource "genesyscloud_oauth_client" "x" { // slashes
  name = "a # b ${lookup(var.m, "k#", "//")} c" /* block */
  description = <<-EOT
    # heredoc text
    EOT
  scopes = ["users"] # tail
}
"#;
    assert_eq!(
        comment_texts("main.tf", text),
        ["# hash", "// slashes", "/* block */", "# tail"]
    );
}

#[test]
fn unknown_file_types_have_no_comments() {
    assert!(comment_texts("notes.txt", "# gclint: ignore[x]").is_empty());
}

#[test]
fn trailing_comment_covers_its_line_and_own_line_comment_the_next() {
    let text = "\
call(); // gclint: ignore[missing-scope] parent frame grants it
// gclint: ignore[unknown-endpoint, deprecated-endpoint] - legacy proxy
call();
/* gclint: ignore-file[unused-scope] */
";
    assert_eq!(
        summary("app.js", text),
        [
            "missing-scope @ 1-1 | parent frame grants it",
            "unknown-endpoint,deprecated-endpoint @ 2-3 | legacy proxy",
            "unused-scope @ file | "
        ]
    );
}

#[test]
fn block_comment_reason_stops_at_the_closer_and_the_line() {
    let text = "/* gclint: ignore[a] why */ call();\n/* gclint: ignore[b] first line\n   second */\ncall();\n";
    assert_eq!(
        summary("app.ts", text),
        ["a @ 1-2 | why", "b @ 2-4 | first line"]
    );
    let html = "<!-- gclint: ignore[hardcoded-secret] demo key -->\n<script>x</script>\n";
    assert_eq!(
        summary("index.html", html),
        ["hardcoded-secret @ 1-2 | demo key"]
    );
}

#[test]
fn rule_ids_keep_their_spans() {
    let text = "# gclint:ignore[ unknown-scope ,missing-scope]\n";
    let found = directives("app.py", text);
    let spans: Vec<&str> = found.directives[0]
        .rules
        .iter()
        .map(|r| &text[r.range.clone()])
        .collect();
    assert_eq!(spans, ["unknown-scope", "missing-scope"]);
    assert_eq!(
        &text[found.directives[0].range.clone()],
        "gclint:ignore[ unknown-scope ,missing-scope]"
    );
}

#[test]
fn malformed_directives_are_reported_and_prose_is_not() {
    let text = "\
# gclint: ignore unknown-scope
# gclint: ignore[]
# gclint: ignor[unknown-scope]
# gclint: checks this file in CI
";
    let found = directives("app.py", text);
    assert!(found.directives.is_empty());
    let messages: Vec<(&str, &str)> = found
        .malformed
        .iter()
        .map(|m| (&text[m.range.clone()], m.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "gclint: ignore",
                "`gclint: ignore` without rule ids suppresses nothing"
            ),
            (
                "gclint: ignore[]",
                "`gclint: ignore[]` names no rule and suppresses nothing"
            ),
            ("ignor", "unknown suppression `gclint: ignor`"),
        ]
    );
}

#[test]
fn directives_in_strings_are_not_suppressions() {
    assert!(directives("app.js", "const s = '// gclint: ignore[x]';\n")
        .directives
        .is_empty());
    assert!(
        directives("appfoundry.yaml", "name: 'a # gclint: ignore[x]'\n")
            .directives
            .is_empty()
    );
}

#[test]
fn two_directives_in_one_comment() {
    let text = "// gclint: ignore[a] one gclint: ignore-file[b] two\n";
    assert_eq!(summary("a.js", text), ["a @ 1-2 | one", "b @ file | two"]);
}

#[test]
fn no_input_makes_the_scanners_panic() {
    let samples = [
        "# gclint: ignore[a]\nkey: 'x\n  # y\n",
        "a: |\n  b\n# gclint: ignore[\n\"unterminated",
        "x = \"${\"a#\"}\" # gclint: ignore-file[b] é\n<<EOT\nno end",
        "<<-\n<<",
        "{ \"a\": \"\\\" /* gclint: ignore[x] */",
        "/* gclint: ignore[x] ü",
        "<!-- gclint: ignore[a] <script>// gclint: ignore[b]",
        "// gclint:",
        "# gclint: ignore[a,,b] ]]",
        "'''# gclint: ignore[x]'''\n# gclint:ignore-file[é]",
    ];
    for sample in samples {
        // Every prefix that ends on a character boundary.
        for (end, _) in sample.char_indices().chain([(sample.len(), ' ')]) {
            let text = &sample[..end];
            for name in [
                "a.js", "a.py", "a.ps1", "a.html", "a.yaml", "a.json", "a.tf",
            ] {
                let found = directives(name, text);
                for d in &found.directives {
                    assert!(text.get(d.range.clone()).is_some(), "{name}: {text:?}");
                }
            }
        }
    }
}
