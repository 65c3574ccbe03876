namespace Engine;

/// <summary>Bad input: one line, exit 2, and nothing has run yet.</summary>
public sealed class BuildInputException(string message) : Exception(message);

/// <summary>An expected failure of a target: its message is the whole story, so no stack trace is printed.</summary>
public class TargetFailedException(string message) : Exception(message);

/// <summary>A target that looked and refused to act on what it found (an environment not ready to promote from):
/// nothing was changed, so the build exits 2, as for bad input, rather than 1.</summary>
public sealed class TargetRefusedException(string message) : TargetFailedException(message);
