// tsc --noEmit over every project. Each project's tsconfig.json only extends ../tsconfig.base.json and names its
// files, so the four programs are checked as one program (each provider's large declarations are parsed once, not
// once per project) and the tests, which add mocha's types, as a second. A project whose tsconfig.json says more
// than that is checked on its own, as Pulumi will compile it.
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const programs = ["shared", "aws", "gcp", "azure", "foundation-aws", "foundation-gcp", "foundation-azure"];
const tsc = require.resolve("typescript/bin/tsc");

function check(name, project) {
    const started = Date.now();
    return new Promise(resolve => {
        const child = spawn(process.execPath, [tsc, "-p", project, "--noEmit", "--pretty"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", d => { output += d; });
        child.stderr.on("data", d => { output += d; });
        child.on("close", code => {
            const seconds = ((Date.now() - started) / 1000).toFixed(1);
            process.stdout.write(`tsc ${name}: ${code === 0 ? "ok" : "FAILED"} (${seconds} s)\n${output}`);
            resolve(code === 0);
        });
    });
}

/** The project's files when its tsconfig.json is exactly { extends: "../tsconfig.base.json", files }, else null. */
function plainFiles(project) {
    const config = JSON.parse(fs.readFileSync(path.join(root, project, "tsconfig.json"), "utf8"));
    const keys = Object.keys(config).sort().join(",");
    return keys === "extends,files" && config.extends === "../tsconfig.base.json" ? config.files.map(f => path.join(root, project, f)) : null;
}

async function main() {
    const plain = programs.filter(p => plainFiles(p) !== null);
    const checks = programs.filter(p => !plain.includes(p)).map(p => check(p, p));
    if (plain.length > 0) {
        // Inside node_modules (ignored by Git), so its type libraries resolve as the projects' own do.
        const cache = path.join(root, "node_modules", ".cache");
        fs.mkdirSync(cache, { recursive: true });
        const combined = path.join(fs.mkdtempSync(path.join(cache, "typecheck-")), "tsconfig.json");
        fs.writeFileSync(combined, JSON.stringify({ extends: path.join(root, "tsconfig.base.json"), files: plain.flatMap(plainFiles) }));
        checks.push(check(plain.join(" + "), combined).finally(() => fs.rmSync(path.dirname(combined), { recursive: true })));
    }
    checks.push(check("tests", "."));
    process.exitCode = (await Promise.all(checks)).every(Boolean) ? 0 : 1;
}

main();
