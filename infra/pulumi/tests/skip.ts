// this.skip() records no reason. The Test target (build/Platform/Infra/InfraWorkspace.cs) reads mocha's JSON report,
// which keeps a pending test's `err`: the reason goes there, and the Test output prints it beside the test's name.
export function skipBecause(context: Mocha.Context, reason: string): never {
    if (context.test) Object.assign(context.test, { err: { name: "Skipped", message: reason } });
    context.skip();
}
