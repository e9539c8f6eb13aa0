use super::*;
use crate::scan::lexer::lex;
use crate::scan::Language;

/// `line method path` of each Platform call the requests stage finds
/// (`~` before the path: relative, for the catalogue to decide).
fn calls(language: Language, src: &str) -> Vec<String> {
    let flavor = crate::scan::code::Flavor {
        php_dots: language == Language::Php,
        powershell: language == Language::PowerShell,
        python: language == Language::Python,
        browser: false,
        dotnet: language == Language::CSharp,
    };
    let code = Code::new(src, lex(src, language.syntax()), 0, flavor);
    let functions = Functions::of(&code);
    let found = Stage::new(&code, &functions).run();
    found
        .calls
        .iter()
        .map(|c| {
            let line = src[..code.toks[c.tokens.start].start()]
                .matches('\n')
                .count()
                + 1;
            format!(
                "{line} {} {}{}",
                c.method.as_deref().unwrap_or("?"),
                if c.evidence == crate::scan::Evidence::Relative {
                    "~"
                } else {
                    ""
                },
                c.path
            )
        })
        .collect()
}

#[test]
fn python_base_url_carrying_the_prefix() {
    let src = r#"import requests
api_url = "https://api.usw2.pure.cloud/api/v2/"

def list_queues(token):
    r = requests.request("GET", f"{api_url}routing/queues?pageSize=100")
    return r.json()

def create(session, body):
    return session.post(api_url + "routing/queues", json=body)
"#;
    assert_eq!(
        calls(Language::Python, src),
        [
            "5 GET /api/v2/routing/queues?pageSize=100",
            "9 POST /api/v2/routing/queues"
        ]
    );
}

#[test]
fn javascript_wrappers_by_what_they_do_not_by_name() {
    let src = r#"const BASE = 'https://api.mypurecloud.com';
async function proxy(method, path) {
  const res = await fetch(BASE + path, { method, headers: { Authorization: 'Bearer ' + token } });
  return res.json();
}
const tiles = [
  { label: 'Queues', path: '/api/v2/routing/queues' },
  { label: 'Users', path: '/api/v2/users' },
];
async function load() {
  return Promise.all(tiles.map(t => proxy('GET', t.path)));
}
async function request(path, { method = 'GET', body } = {}) {
  const res = await fetch(`${BASE}${path}`, { method, body });
  return res.json();
}
async function user(id) {
  return request('/api/v2/users/' + id);
}
async function remove(id) {
  return request(`/api/v2/users/${id}`, { method: 'DELETE' });
}
async function safeApiFetch(url) {
  try { return await fetch(url); } catch (e) { return null; }
}
async function presence() {
  return safeApiFetch(BASE + '/api/v2/presencedefinitions');
}
app.get('/api/v2/tickets', (req, res) => res.json([]));
"#;
    assert_eq!(
        calls(Language::JavaScript, src),
        [
            "7 GET /api/v2/routing/queues",
            "8 GET /api/v2/users",
            "18 GET /api/v2/users/{}",
            "21 DELETE /api/v2/users/{}",
            "27 GET /api/v2/presencedefinitions",
        ]
    );
}

#[test]
fn go_client_whose_helper_adds_the_prefix() {
    let src = r#"package gc

type Client struct{ base string }

func New(region string) *Client {
	return &Client{base: fmt.Sprintf("https://api.%s/api/v2", region)}
}

func NewURI(format string, args ...interface{}) URI {
	return URI(fmt.Sprintf(format, args...))
}

func (c *Client) do(ctx context.Context, method string, uri URI, out interface{}) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+string(uri), nil)
	return err
}

func (c *Client) Get(ctx context.Context, uri URI, out interface{}) error {
	return c.do(ctx, http.MethodGet, uri, out)
}

func (c *Client) Post(ctx context.Context, uri URI, body, out interface{}) error {
	return c.do(ctx, http.MethodPost, uri, out)
}

func run(ctx context.Context, c *Client, id, pid string) {
	c.Get(ctx, NewURI("/conversations/%s/participants/%s", id, pid), &out)
	c.Post(ctx, "/notifications/channels", nil, &ch)
}
"#;
    assert_eq!(
        calls(Language::Go, src),
        [
            "27 GET /api/v2/conversations/{}/participants/{}",
            "28 POST /api/v2/notifications/channels"
        ]
    );
}

#[test]
fn powershell_urls_in_variables_and_wrapper_functions() {
    let src = r#"$base = "https://api.mypurecloud.de/api/v2"
$url = "$base/routing/queues/$queueId/members"
Invoke-RestMethod -Uri $url -Headers $headers -Method Get
function Invoke-Gc {
    param([string]$Path, [string]$Method = 'Get', $Body)
    Invoke-RestMethod -Uri ($base + $Path) -Method $Method -Headers $headers -Body $Body
}
Invoke-Gc -Path "/users/$userId/routingskills" -Method Post -Body $json
Invoke-Gc -Path '/routing/wrapupcodes'
"#;
    assert_eq!(
        calls(Language::PowerShell, src),
        [
            "2 GET /api/v2/routing/queues/{}/members",
            "8 POST /api/v2/users/{}/routingskills",
            "9 GET /api/v2/routing/wrapupcodes",
        ]
    );
}

#[test]
fn php_curl_options_and_java_webclient_constants() {
    let src = r#"<?php
$ch = curl_init();
curl_setopt_array($ch, array(
  CURLOPT_URL => "https://api.mypurecloud.com/api/v2/externalcontacts/contacts",
  CURLOPT_RETURNTRANSFER => true,
  CURLOPT_CUSTOMREQUEST => "POST",
));
"#;
    assert_eq!(
        calls(Language::Php, src),
        ["4 POST /api/v2/externalcontacts/contacts"]
    );
    let src = r#"public class Queues {
  private static final String QUEUES = "/api/v2/routing/queues";
  public Object create(Object body) {
    return web.post().uri(QUEUES).bodyValue(body).retrieve().block();
  }
}
"#;
    assert_eq!(
        calls(Language::Java, src),
        ["2 POST /api/v2/routing/queues"]
    );
}

#[test]
fn another_service_and_the_app_own_server_are_not_platform_calls() {
    let src = r#"const am = 'https://alertmanager.example.com';
fetch(am + '/api/v2/alerts', { method: 'POST' });
fetch('/users/me');
axios.get(process.env.BACKEND_URL + '/tickets');
"#;
    assert_eq!(calls(Language::JavaScript, src), Vec::<String>::new());
}

#[test]
fn csharp_wrapper_with_a_relative_path_under_an_unknown_base() {
    let src = r#"class Gc {
  readonly HttpClient http;
  async Task<T> Send<T>(HttpMethod method, string path) {
    var req = new HttpRequestMessage(method, _baseUrl + path);
    return await Read<T>(await http.SendAsync(req));
  }
  Task<Queue> Queue(string id) => Send<Queue>(HttpMethod.Get, $"routing/queues/{id}");
}
"#;
    // `_baseUrl` is set where this file does not show: the request waits
    // for the loader, which looks the name up in the other files.
    assert_eq!(calls(Language::CSharp, src), Vec::<String>::new());
    let flavor = crate::scan::code::Flavor {
        php_dots: false,
        powershell: false,
        python: false,
        browser: false,
        dotnet: true,
    };
    let code = Code::new(src, lex(src, Language::CSharp.syntax()), 0, flavor);
    let functions = Functions::of(&code);
    let found = Stage::new(&code, &functions).run();
    let pending: Vec<(String, Option<String>)> = found
        .pending
        .iter()
        .map(|p| (p.url.text(), p.method.clone()))
        .collect();
    assert_eq!(
        pending,
        [("{}routing/queues/{}".to_string(), Some("GET".to_string()))]
    );
}

#[test]
fn a_host_parameter_is_the_base_and_fetch_without_method_gets() {
    let src = r#"async function getWithToken(region, tok, path) {
  const url = `https://api.${region}${path}`;
  const res = await fetch(url, { headers: { Authorization: `Bearer ${tok}` } });
  return res.json();
}
async function get(org, path) {
  return getWithToken(org.region, "x", path);
}
async function run(org) {
  const q = await getWithToken("mypurecloud.de", "t", "/api/v2/routing/queues");
  const u = await get(org, "/api/v2/users");
}
"#;
    assert_eq!(
        calls(Language::JavaScript, src),
        ["10 GET /api/v2/routing/queues", "11 GET /api/v2/users"]
    );
}

#[test]
fn a_closure_reads_its_wrappers_parameters() {
    let src = r#"def get_pages(session, path, size=100):
    sep = "&" if "?" in path else "?"

    def page(n):
        return f"{path}{sep}pageSize={size}&pageNumber={n}"

    return session.get("https://api.mypurecloud.ie/api/v2" + page(1))

def users(s):
    return get_pages(s, "/users?state=any")

def groups(s):
    return get_pages(s, "/groups")
"#;
    assert_eq!(
        calls(Language::Python, src),
        [
            "10 GET /api/v2/users?state=any&pageSize={}&pageNumber={}",
            "13 GET /api/v2/groups?pageSize={}&pageNumber={}"
        ]
    );
}

#[test]
fn an_arrow_closure_reads_its_wrappers_parameters() {
    let src = r#"const HOST = "https://api.usw2.pure.cloud";
async function pages(path, size = 100) {
  const sep = path.includes("?") ? "&" : "?";
  const page = (n) => `${path}${sep}pageSize=${size}&pageNumber=${n}`;
  const r = await fetch(HOST + page(1), { headers: { Authorization: "Bearer " + tok } });
  return r.json();
}
pages("/api/v2/users?state=any");
pages("/api/v2/groups", 500);
"#;
    assert_eq!(
        calls(Language::JavaScript, src),
        [
            "8 GET /api/v2/users?state=any&pageSize={}&pageNumber={}",
            "9 GET /api/v2/groups?pageSize={}&pageNumber={}"
        ]
    );
}

#[test]
fn an_options_object_built_first_carries_the_wrappers_method() {
    let src = r#"async function call(baseUrl, token, method, path, body) {
  const url = `${baseUrl}${path}`;
  const opts = {
    method,
    headers: { Authorization: `Bearer ${token}` },
  };
  if (body && method !== "GET") opts.body = JSON.stringify(body);
  const resp = await fetch(url, opts);
  return resp.json();
}
async function reset(base, token, userId, skillId) {
  await call(base, token, "DELETE", `/api/v2/users/${userId}/routingskills/${skillId}`);
  await call(base, token, "PATCH", `/api/v2/users/${userId}/routingskills/bulk`, []);
}
"#;
    assert_eq!(
        calls(Language::JavaScript, src),
        [
            "12 DELETE /api/v2/users/{}/routingskills/{}",
            "13 PATCH /api/v2/users/{}/routingskills/bulk"
        ]
    );
}

#[test]
fn a_base_may_stop_anywhere_along_the_prefix() {
    // Kotlin (a language the fixtures hold no such shape in): a base ending
    // in `/api`, paths starting at `/v2`.
    let src = r#"class Gc(region: String) {
    private val root = "https://api.$region/api"

    fun read(path: String): String {
        val request = HttpRequest.newBuilder(URI.create(root + path)).GET().build()
        return http.send(request, BodyHandlers.ofString()).body()
    }

    fun flows(): String {
        return read("/v2/flows")
    }
}
"#;
    assert_eq!(calls(Language::Kotlin, src), ["10 GET /api/v2/flows"]);
    // Only a prefix of `/api/v2/` is the base: `/apis` is a path of its own.
    let other = Value {
        segs: vec![
            Seg::Lit("https://example.com/apis".into(), 0),
            Seg::Param(0),
        ],
    };
    assert_eq!(endpoint_from_param(&other), None);
    for base in [
        "https://api.x.com/api",
        "https://api.x.com/api/",
        "https://api.x.com/api/v2/",
    ] {
        let v = Value {
            segs: vec![Seg::Lit(base.into(), 0), Seg::Param(1)],
        };
        assert_eq!(endpoint_from_param(&v), Some(1), "{base}");
    }
}

/// A call of a name several functions share is a call of the nearest one
/// in scope: a module's own `send` that is no wrapper is not the other
/// module's wrapper of the same name (JavaScript modules as a bundler
/// writes them, Python and C# local functions).
#[test]
fn a_call_is_the_nearest_definition_of_its_name() {
    let js = r#"
const modules = {
  api: function (exports) {
    function send(path) { return fetch('https://api.mypurecloud.com' + path); }
    exports.me = function () { return send('/api/v2/users/me'); };
  },
  log: function (exports) {
    function send(line) { return console.log(line); }
    exports.trace = function () { return send('/api/v2/users/me was read'); };
  },
};
"#;
    assert_eq!(calls(Language::JavaScript, js), ["5 GET /api/v2/users/me"]);
    let py = r#"
import requests

def platform(token):
    def send(path):
        return requests.get("https://api.mypurecloud.com" + path, headers={"Authorization": token})
    return send("/api/v2/routing/queues")

def audit(log):
    def send(path):
        log.write(path)
    send("/api/v2/routing/skills")
"#;
    assert_eq!(
        calls(Language::Python, py),
        ["7 GET /api/v2/routing/queues"]
    );
    let cs = r#"
class Sync
{
    async Task Platform(HttpClient http)
    {
        Task<string> Send(string path) => http.GetStringAsync("https://api.mypurecloud.com" + path);
        await Send("/api/v2/groups");
    }

    void Audit(TextWriter log)
    {
        void Send(string path) => log.WriteLine(path);
        Send("/api/v2/locations");
    }
}
"#;
    assert_eq!(calls(Language::CSharp, cs), ["7 GET /api/v2/groups"]);
}
