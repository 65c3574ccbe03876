// These tests drive moto_server, gcloud and a python3 az script, and read POSIX file modes: Linux and macOS only.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
