using System.Reflection;
using System.Text.RegularExpressions;
using ConicDsl.Dsl.Diagnostics;

namespace ConicDsl.Tests.Docs;

/// <summary>
/// docs/troubleshooting.md has, for every diagnostic id the code can emit, a section with a cause and a fix. The ids
/// come from the code itself: DiagnosticIds' constants and any other "CNNxxxx" literal in the sources.
/// </summary>
public class TroubleshootingDocTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ConicDsl.sln"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (ConicDsl.sln) is not above the test folder");
    }

    private static SortedSet<string> IdsInCode(string root)
    {
        var ids = new SortedSet<string>(typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetValue(null)!));
        foreach (var project in new[] { "Dsl", "Compiler", "Backends", "Cli" })
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
                foreach (Match m in Regex.Matches(File.ReadAllText(file), "\"(CNN\\d{4})\""))
                    ids.Add(m.Groups[1].Value);
        return ids;
    }

    [Test]
    public void EveryIdHasASectionWithACauseAndAFix()
    {
        var root = RepositoryRoot();
        var doc = File.ReadAllText(Path.Combine(root, "docs", "troubleshooting.md"));
        var sections = Regex.Split(doc, @"^### ", RegexOptions.Multiline).Skip(1)
            .ToDictionary(s => s[..7], s => s);
        var ids = IdsInCode(root);
        Assert.That(ids, Has.Count.GreaterThan(40), "the id scan found the ids");
        var missing = ids.Where(id => !sections.ContainsKey(id)).ToList();
        var incomplete = ids.Where(id => sections.TryGetValue(id, out var s) &&
                                          !(Regex.IsMatch(s, @"\*\*Cause:\*\* \S") && Regex.IsMatch(s, @"\*\*Fix:\*\* \S"))).ToList();
        Assert.That(missing, Is.Empty, $"ids without a section in docs/troubleshooting.md: {string.Join(", ", missing)}");
        Assert.That(incomplete, Is.Empty, $"sections without a cause and a fix: {string.Join(", ", incomplete)}");
    }

    [Test]
    public void TheDocumentNamesNoIdTheCodeDoesNotHave()
    {
        var root = RepositoryRoot();
        var doc = File.ReadAllText(Path.Combine(root, "docs", "troubleshooting.md"));
        var ids = IdsInCode(root);
        var stale = Regex.Matches(doc, @"^### (CNN\d{4})", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Where(id => !ids.Contains(id)).ToList();
        Assert.That(stale, Is.Empty, $"sections for ids the code does not define: {string.Join(", ", stale)}");
    }
}
