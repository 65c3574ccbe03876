// The build's tests drive bash, python fakes and POSIX file modes: they run on Linux and macOS only.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
