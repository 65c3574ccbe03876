namespace Engine;

/// <summary>A target is declared as a property: <c>Target Test => _ => _.Description("…").Executes(…)</c>.</summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);
