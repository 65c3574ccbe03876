// Parses one Mermaid diagram with the real mermaid package and prints what it understood, as JSON: the diagram type,
// the nodes (id, label text, classes), the edges (ends, stroke, label) and the subgraphs (id, title, members). A diagram
// mermaid rejects prints its parser's message on stderr and exits 1. mermaid expects a browser's window and document
// (its sanitizer hooks into them): jsdom provides both (docs/diagrams.md). The text comes on stdin.
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");

let text = "";
for await (const chunk of process.stdin) text += chunk;
try {
    // parse registers the diagram types on first use; getDiagramFromText then gives the parsed model.
    await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    const vertices = db.getVertices();
    console.log(JSON.stringify({
        type: diagram.type,
        nodes: [...(vertices instanceof Map ? vertices.values() : Object.values(vertices))]
            .map(v => ({ id: v.id, text: v.text, classes: v.classes ?? [] })),
        edges: db.getEdges().map(e => ({ from: e.start, to: e.end, stroke: e.stroke, text: e.text ?? "" })),
        subgraphs: db.getSubGraphs().map(s => ({ id: s.id, title: s.title, nodes: s.nodes })),
    }));
} catch (error) {
    console.error(String(error?.message ?? error).split("\n").join(" "));
    process.exit(1);
}
