// Starts `gclint lsp` (a Language Server over stdio) for the files gclint
// reads, and restarts it when `gclint.path` changes.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

// The files gclint reads: the same list as the `files:` of the pre-commit
// hook (.pre-commit-hooks.yaml), as glob patterns so that they match whatever
// language extensions are installed.
const EXTENSIONS = [
  "js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "html", "htm", "vue",
  "py", "java", "kt", "kts", "cs", "go", "php", "ps1", "psm1", "tf", "tfvars",
  "json", "yaml", "yml", "properties", "ini",
];
const PATTERNS = [
  `**/*.{${EXTENSIONS.join(",")}}`,
  "**/gclint.toml",
  "**/.env",
  "**/.env.*",
];

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

function executable(): string {
  const configured = vscode.workspace.getConfiguration("gclint").get<string>("path");
  return configured && configured.trim() !== "" ? configured.trim() : "gclint";
}

async function start(): Promise<void> {
  const command = executable();
  const server: ServerOptions = {
    command,
    args: ["lsp"],
    transport: TransportKind.stdio,
  };
  const options: LanguageClientOptions = {
    documentSelector: PATTERNS.map((pattern) => ({ scheme: "file", pattern })),
    outputChannel: output,
  };
  client = new LanguageClient("gclint", "gclint", server, options);
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(
      `gclint: could not start \`${command} lsp\` (${reason}). ` +
        "Install gclint (`pipx install gclint`, or see the README) or set `gclint.path`."
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("gclint");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("gclint.restart", async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("gclint.path")) {
        await stop();
        await start();
      }
    })
  );
  await start();
}

export function deactivate(): Promise<void> {
  return stop();
}
