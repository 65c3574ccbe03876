// Runs an Argo CD resource health script under a real Lua 5.1 interpreter (Debian's lua5.1), the language version
// of the gopher-lua that Argo CD embeds: what fengari (5.3) accepts but 5.1 does not fails here.
import { spawnSync } from "node:child_process";
import { HealthStatus } from "./lua";

export const lua51 = "lua5.1";

/** Why the Lua 5.1 tests cannot run here, or undefined when they can. */
export const lua51Missing: string | undefined = spawnSync(lua51, ["-v"]).error === undefined ? undefined
    : `${lua51} is not on PATH (Debian: apt-get install lua5.1), so the health check ran under fengari's Lua 5.3 only`;

/** A Lua literal of a JSON-shaped value: objects as tables with string keys, arrays as sequences from 1. */
export function luaLiteral(value: unknown): string {
    if (value === null || value === undefined) return "nil";
    if (typeof value === "string") return luaString(value);
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    if (typeof value === "boolean") return String(value);
    if (Array.isArray(value)) return `{${value.map(luaLiteral).join(", ")}}`;
    if (typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
        return `{${entries.map(([k, v]) => `[${luaString(k)}] = ${luaLiteral(v)}`).join(", ")}}`;
    }
    throw new Error(`cannot pass ${typeof value} to Lua`);
}

function luaString(text: string): string {
    // Decimal escapes for every control character and byte outside ASCII: Lua 5.1 has no \x or \u escapes.
    const escaped = Array.from(Buffer.from(text, "utf8")).map(byte => {
        const c = String.fromCharCode(byte);
        if (c === "\\" || c === "\"") return `\\${c}`;
        return byte < 0x20 || byte > 0x7e ? `\\${byte}` : c;
    }).join("");
    return `"${escaped}"`;
}

/** The script as Argo CD runs it: the live object is the global `obj`, the chunk returns a table with status and message. */
export function runHealthCheck51(script: string, obj: unknown): HealthStatus {
    const program = [
        `obj = ${luaLiteral(obj)}`,
        `local hs = (function()\n${script}\nend)()`,
        "if type(hs) ~= \"table\" then error(\"health script did not return a table\") end",
        // Absent fields read as "<nil>", as runHealthCheck (fengari) reports them.
        "local function show(v) if v == nil then return \"<nil>\" end return tostring(v) end",
        "io.write(show(hs.status), \"\\n\", show(hs.message))",
    ].join("\n");
    const run = spawnSync(lua51, ["-"], { input: program, encoding: "utf8" });
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`${lua51} exited ${run.status}: ${run.stderr.trim()}`);
    const newline = run.stdout.indexOf("\n");
    return { status: run.stdout.slice(0, newline), message: run.stdout.slice(newline + 1) };
}
