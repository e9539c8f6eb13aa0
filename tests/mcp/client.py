"""A real MCP client (the official Python SDK, `mcp`) talking to `gclint mcp`.

Usage: client.py GCLINT FOLDER. Starts `GCLINT mcp` in FOLDER over stdio,
initialises, lists the tools, calls every one of them, a tool with a bad
argument and a look-up of an invented scope, and prints one line per
observation; tests/mcp.rs compares the lines with what a user must see.
"""

import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def text(result):
    return "".join(c.text for c in result.content if getattr(c, "type", "") == "text")


def is_error(result):
    return bool(getattr(result, "isError", None) or getattr(result, "is_error", None))


async def main(gclint, folder):
    params = StdioServerParameters(command=gclint, args=["mcp"], cwd=folder, env={"NO_COLOR": "1"})
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            info = getattr(init, "serverInfo", None) or getattr(init, "server_info", None)
            print(f"server: {info.name}")
            tools = await session.list_tools()
            print("tools: " + ", ".join(sorted(t.name for t in tools.tools)))
            for t in sorted(tools.tools, key=lambda t: t.name):
                schema = getattr(t, "inputSchema", None) or getattr(t, "input_schema", None)
                print(f"  {t.name}: {', '.join(sorted(schema.get('required', [])))}")

            async def call(name, args):
                result = await session.call_tool(name, args)
                body = text(result)
                if is_error(result):
                    return None, body
                return json.loads(body), body

            answer, _ = await call("operation", {"query": "get_users_me"})
            op = answer["operations"][0]
            print(f"operation: found={answer['found']} {op['method']} {op['path']} scopes={op['scopes']} auth={op['auth']} needs_user={op['needs_user']}")
            print(f"  source: imported {answer['source']['imported']}")

            answer, _ = await call("operation", {"query": "POST /api/v2/conversations/messaging"})
            print(f"invented operation: found={answer['found']} nearest={answer['nearest'][:2]}")

            answer, _ = await call("scope", {"name": "messaging:conversation:create"})
            print(f"invented scope: found={answer['found']} nearest={answer['nearest'][:3]}")

            answer, _ = await call("scope", {"name": "routing:readonly"})
            print(f"scope: found={answer['found']} write_scope={answer['write_scope']} operations>100={answer['operations'] > 100}")

            answer, _ = await call("permission", {"name": "routing:queue:view"})
            print(f"permission: found={answer['found']} division_object={answer['division_object']}")

            answer, _ = await call("permission", {"name": "routing:queue:veiw"})
            print(f"invented permission: found={answer['found']} in_catalogue={answer['in_catalogue']} nearest={answer['nearest'][:1]}")

            answer, _ = await call("permission", {"name": "authorization:*:*"})
            print(f"wildcard permission: in_catalogue={answer['in_catalogue']} escalation>=2={len(answer['escalation']) >= 2} source={bool(answer['escalation'][0]['source'])}")

            answer, _ = await call("search_operations", {"words": "list queue members", "limit": 3})
            print(f"search: {answer['hits'][0]['operation']}")

            answer, _ = await call("why", {"request": "getUsersMe", "path": "."})
            first = answer["causes"][0]
            print(f"why: {first['id']} {first['verdict']}")

            error = json.dumps({"code": "missing.permissions", "status": 403, "message": "Unable to perform the requested action. You are missing the following permission(s): [routing:queue:view]"})
            answer, _ = await call("why", {"request": "GET /api/v2/routing/queues", "error": error})
            first = answer["causes"][0]
            print(f"why with error: {first['id']} {first['verdict']} quote={first['quote'] is not None}")

            answer, _ = await call("calls", {"path": "."})
            print("calls: " + ", ".join(f"{c['file']}:{c['start']['line']} {c['operation']['operation_id']}" for c in answer["calls"]))

            answer, _ = await call("least_privilege", {"path": "."})
            print("least_privilege: " + ", ".join(f"{c['name']} {c['status']}" for c in answer["clients"]))

            answer, _ = await call("check", {"path": "."})
            print("check: " + ", ".join(sorted(d["rule"] for d in answer["diagnostics"])))

            snippet = "const users = new platformClient.UsersApi();\nusers.postUsersMeMagic();\n"
            answer, _ = await call("check", {"snippet": snippet, "file_name": "app.js"})
            print("check snippet: " + ", ".join(d["rule"] for d in answer["diagnostics"]))

            answer, body = await call("operation", {"query": 5})
            print(f"bad argument: tool error={answer is None} {body}")

            _, body = await call("calls", {"path": "no-such-folder"})
            print(f"missing folder: {body}")

            _, body = await call("why", {"request": "getUsersMe", "region": "mars_1"})
            print(f"bad region: {body.split(';')[0]}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
