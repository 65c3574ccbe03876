namespace Engine.Parameters;

internal enum ParameterKind { String, Bool, Int, Duration, Choice }
