namespace Engine.Execution;

public enum TargetStatus { Succeeded, Failed, Skipped, NotRun, Cancelled }
