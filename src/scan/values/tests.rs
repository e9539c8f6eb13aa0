use super::*;
use crate::scan::code::Flavor;
use crate::scan::lexer::{lex, Syntax};
use crate::scan::Language;

fn flavor(language: Language) -> Flavor {
    Flavor {
        php_dots: language == Language::Php,
        powershell: language == Language::PowerShell,
        python: language == Language::Python,
        browser: false,
        dotnet: language == Language::CSharp,
    }
}

/// The texts the expression starting at the `at`-th occurrence of
/// `needle` (`0` = first) evaluates to.
fn texts(language: Language, src: &str, needle: &str, env_fn: Option<&str>) -> Vec<String> {
    let code = Code::new(src, lex(src, language.syntax()), 0, flavor(language));
    let fns = Functions::of(&code);
    let values = Values::new(&code, &fns);
    let off = src.rfind(needle).expect("needle");
    let tok = code
        .toks
        .iter()
        .position(|t| t.start() >= off)
        .expect("token");
    let env = match env_fn {
        Some(name) => Env::symbolic(*fns.named(name).first().expect("function")),
        None => Env::default(),
    };
    values.eval_at(tok, &env).iter().map(Value::text).collect()
}

#[test]
fn python_base_url_in_an_f_string() {
    let src = "api_url = \"https://api.usw2.pure.cloud/api/v2/\"\n\
               def q(token):\n    r = requests.request(\"GET\", f\"{api_url}routing/queues?pageSize=100\")\n";
    assert_eq!(
        texts(Language::Python, src, "f\"{api_url}", None),
        ["https://api.usw2.pure.cloud/api/v2/routing/queues?pageSize=100"]
    );
}

#[test]
fn javascript_templates_concatenation_fields_and_defaults() {
    let src = "const BASE = 'https://api.mypurecloud.com';\n\
               class C { constructor() { this.base = BASE + '/api/v2'; } \n\
               list(id) { return fetch(`${this.base}/users/${id}/queues`); } }\n";
    assert_eq!(
        texts(Language::JavaScript, src, "`${this.base}", None),
        ["https://api.mypurecloud.com/api/v2/users/{}/queues"]
    );
    let src = "async function request(path, { method = 'GET' } = {}) { return fetch(`${BASE}${path}`, { method }); }";
    assert_eq!(
        texts(Language::JavaScript, src, "`${BASE}", Some("request")),
        ["{}{}"]
    );
    let src =
        "const BASE = 'https://x';\nasync function request(path) { return fetch(BASE + path); }";
    let code = "BASE + path";
    assert_eq!(
        texts(Language::JavaScript, src, code, Some("request")),
        ["https://x{}"]
    );
}

#[test]
fn a_wrapper_parameter_stays_symbolic() {
    let src = "const BASE = 'https://api.mypurecloud.de/api/v2';\nfunction get(path) { return axios.get(BASE + path); }";
    let code = Code::new(src, lex(src, Syntax::JS), 0, flavor(Language::JavaScript));
    let fns = Functions::of(&code);
    let values = Values::new(&code, &fns);
    let at = code
        .toks
        .iter()
        .position(|t| t.start() == src.rfind("BASE").unwrap())
        .unwrap();
    let v = values.eval_at(at, &Env::symbolic(0));
    assert_eq!(
        v[0].segs,
        [
            Seg::Lit("https://api.mypurecloud.de/api/v2".into(), 3),
            Seg::Param(0)
        ]
    );
}

#[test]
fn go_sprintf_struct_fields_and_a_url_builder() {
    let src = "func New(region string) *Client {\n\
               \treturn &Client{base: fmt.Sprintf(\"https://api.%s/api/v2\", region)}\n}\n\
               func NewURI(format string, args ...interface{}) URI {\n\treturn URI(fmt.Sprintf(format, args...))\n}\n\
               func (c *Client) do(method string, uri URI) {\n\treq, _ := http.NewRequest(method, c.base+string(uri), nil)\n}\n\
               func run() { c.Get(ctx, NewURI(\"/conversations/%s/participants/%s\", id, pid), &out) }\n";
    assert_eq!(
        texts(Language::Go, src, "c.base+", None),
        ["https://api.{}/api/v2{}"]
    );
    assert_eq!(
        texts(Language::Go, src, "NewURI(\"/conv", None),
        ["/conversations/{}/participants/{}"]
    );
}

#[test]
fn powershell_interpolation_and_format_operator() {
    let src = "$base = \"https://api.mypurecloud.de/api/v2\"\n\
               $url = \"$base/routing/queues/$queueId/members\"\n\
               Invoke-RestMethod -Uri $url -Method Get\n\
               $u2 = \"{0}/users/{1}\" -f $base, $id\n\
               Invoke-RestMethod -Uri $u2\n";
    assert_eq!(
        texts(Language::PowerShell, src, "$url -Method", None),
        ["https://api.mypurecloud.de/api/v2/routing/queues/{}/members"]
    );
    assert_eq!(
        texts(Language::PowerShell, src, "$u2\n", None),
        ["https://api.mypurecloud.de/api/v2/users/{}"]
    );
}

#[test]
fn tables_of_paths_iterated_by_callbacks_and_loops() {
    let src = "const tiles = [\n  { label: 'Queues', path: '/api/v2/routing/queues' },\n  { label: 'Users', path: '/api/v2/users' },\n];\n\
               load(() => Promise.all(tiles.map(t => proxy('GET', t.path))));\n";
    assert_eq!(
        texts(Language::JavaScript, src, "t.path", None),
        ["/api/v2/routing/queues", "/api/v2/users"]
    );
    let src = "ENDPOINTS = [(\"queues\", \"/api/v2/routing/queues\"), (\"skills\", \"/api/v2/routing/skills\")]\n\
               for name, path in ENDPOINTS:\n    get(path)\n";
    assert_eq!(
        texts(Language::Python, src, "path)", None),
        ["{}"],
        "a tuple element by position is not a field"
    );
    let src = "$tables = @(\n  @{ Name = 'q'; Path = '/api/v2/routing/queues' },\n  @{ Name = 'u'; Path = '/api/v2/users' }\n)\n\
               foreach ($t in $tables) { Invoke-RestMethod -Uri ($base + $t.Path) }\n";
    assert_eq!(
        texts(Language::PowerShell, src, "$t.Path", None),
        ["/api/v2/routing/queues", "/api/v2/users"]
    );
}

#[test]
fn environment_variables_are_named() {
    let src = "const base = process.env.BACKEND_URL;\nfetch(base + '/api/v2/alerts');";
    let code = Code::new(src, lex(src, Syntax::JS), 0, flavor(Language::JavaScript));
    let fns = Functions::of(&code);
    let values = Values::new(&code, &fns);
    let at = code
        .toks
        .iter()
        .position(|t| t.start() == src.rfind("base").unwrap())
        .unwrap();
    let v = values.eval_at(at, &Env::default());
    assert_eq!(v[0].env_names().collect::<Vec<_>>(), ["BACKEND_URL"]);
    assert_eq!(v[0].text(), "{}/api/v2/alerts");
}

#[test]
fn php_concatenation_and_java_string_format() {
    let src = "<?php\n$base = 'https://api.mypurecloud.com/api/v2';\n$url = $base . '/users/' . $id;\ncurl_setopt($ch, CURLOPT_URL, $url);";
    assert_eq!(
        texts(Language::Php, src, "$url);", None),
        ["https://api.mypurecloud.com/api/v2/users/{}"]
    );
    let src = "class Q { private static final String BASE = \"https://api.mypurecloud.ie/api/v2\";\n\
               void f() { String u = String.format(\"%s/routing/queues/%s\", BASE, id); get(u); } }";
    assert_eq!(
        texts(Language::Java, src, "u); }", None),
        ["https://api.mypurecloud.ie/api/v2/routing/queues/{}"]
    );
}

#[test]
fn evaluation_is_bounded() {
    // Names that refer to each other never loop.
    let src = "a = b + '/x'\nb = a + '/y'\nget(a)\n";
    let v = texts(Language::Python, src, "a)", None);
    assert_eq!(v.len(), 1);
    // A long chain of concatenations stays one value.
    let mut src = String::from("x0 = '/api/v2'\n");
    for i in 1..200 {
        src.push_str(&format!("x{i} = x{} + '/a'\n", i - 1));
    }
    src.push_str("get(x199)\n");
    let v = texts(Language::Python, &src, "x199)", None);
    assert_eq!(v.len(), 1);
}
