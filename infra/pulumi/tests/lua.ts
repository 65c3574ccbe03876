// Runs an Argo CD resource health script the way Argo CD does: the live object is the global `obj`,
// the script returns a table with `status` and `message`. Fengari is a Lua 5.3 VM in JavaScript;
// Argo CD runs gopher-lua (5.1), so scripts here stay within the syntax both accept.
import * as fengari from "fengari";

const { lua, lauxlib, lualib, to_luastring } = fengari;

export interface HealthStatus { status: string; message: string }

function push(L: unknown, value: unknown): void {
    if (value === null || value === undefined) {
        lua.lua_pushnil(L);
    } else if (typeof value === "string") {
        lua.lua_pushstring(L, to_luastring(value));
    } else if (typeof value === "number") {
        lua.lua_pushnumber(L, value);
    } else if (typeof value === "boolean") {
        lua.lua_pushboolean(L, value);
    } else if (Array.isArray(value)) {
        // Argo CD hands JSON arrays to Lua as sequences, indexed from 1.
        lua.lua_newtable(L);
        value.forEach((item, i) => {
            push(L, item);
            lua.lua_seti(L, -2, i + 1);
        });
    } else if (typeof value === "object") {
        lua.lua_newtable(L);
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
            push(L, item);
            lua.lua_setfield(L, -2, to_luastring(key));
        }
    } else {
        throw new Error(`cannot pass ${typeof value} to Lua`);
    }
}

function field(L: unknown, name: string): string | undefined {
    lua.lua_getfield(L, -1, to_luastring(name));
    const value = lua.lua_isnil(L, -1) ? undefined : lua.lua_tojsstring(L, -1);
    lua.lua_pop(L, 1);
    return value;
}

export function runHealthCheck(script: string, obj: unknown): HealthStatus {
    const L = lauxlib.luaL_newstate();
    lualib.luaL_openlibs(L);
    push(L, obj);
    lua.lua_setglobal(L, to_luastring("obj"));
    if (lauxlib.luaL_loadstring(L, to_luastring(script)) !== lua.LUA_OK
        || lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
        throw new Error(`Lua error: ${lua.lua_tojsstring(L, -1)}`);
    }
    if (!lua.lua_istable(L, -1)) {
        throw new Error("health script did not return a table");
    }
    return { status: field(L, "status") ?? "<nil>", message: field(L, "message") ?? "<nil>" };
}
