// tsc --noEmit for every project, as many at once as there are cores: each run loads a provider's
// type declarations on its own, and a sequential run is the slowest part of `npm test`.
"use strict";
const { spawn } = require("node:child_process");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const projects = ["shared", "aws", "gcp", "azure", "."];
const tsc = require.resolve("typescript/bin/tsc");
const parallel = Math.max(1, Math.min(projects.length, os.availableParallelism()));

function check(project) {
    const started = Date.now();
    return new Promise(resolve => {
        const child = spawn(process.execPath, [tsc, "-p", project, "--noEmit", "--pretty"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", d => { output += d; });
        child.stderr.on("data", d => { output += d; });
        child.on("close", code => {
            const name = project === "." ? "tests" : project;
            const seconds = ((Date.now() - started) / 1000).toFixed(1);
            process.stdout.write(`tsc ${name}: ${code === 0 ? "ok" : "FAILED"} (${seconds} s)\n${output}`);
            resolve(code === 0);
        });
    });
}

async function main() {
    const queue = [...projects];
    const results = [];
    await Promise.all(Array.from({ length: parallel }, async () => {
        while (queue.length > 0) {
            results.push(await check(queue.shift()));
        }
    }));
    process.exitCode = results.every(Boolean) ? 0 : 1;
}

main();
