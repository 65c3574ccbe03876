// The fixtures start POSIX child processes and write executable scripts: Linux and macOS only.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
