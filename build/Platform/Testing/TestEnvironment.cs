namespace Trinity.Build.Platform.Testing;

/// <summary>What the Test target tells the test processes through their environment.</summary>
public static class TestEnvironment
{
    /// <summary>A folder holding every CRD platform/crds.json pins (from --crd-dir, or the download cache), for the
    /// tests that judge the real tree against the real upstream schemas. Unset: those tests skip and say why.</summary>
    public const string CrdFolder = "TRINITY_TEST_CRDS";
}
