using System.Text.RegularExpressions;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Parsing;
using NUnit.Framework;

namespace ConicDsl.Tests.Dsl;

/// <summary>Keeps grammar/cnn.ebnf and docs/language.md in step with the parser and the id catalog.</summary>
public class GrammarFileTests
{
    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConicDsl.sln"))) return Path.Combine(dir.FullName, relative);
        }

        Assert.Fail("repository root (ConicDsl.sln) not found above the test folder");
        return "";
    }

    [Test]
    public void EbnfKeywordsAreExactlyTheParsersKeywords()
    {
        var ebnf = File.ReadAllText(RepositoryFile("grammar/cnn.ebnf"));
        var withoutComments = Regex.Replace(ebnf, @"\(\*.*?\*\)", "", RegexOptions.Singleline);

        var terminals = Regex.Matches(withoutComments, "\"([a-z_]{2,})\"").Select(m => m.Groups[1].Value).ToHashSet();

        Assert.That(terminals, Is.EquivalentTo(CnnKeywords.All));
    }

    [Test]
    public void LanguageDocumentListsEveryDiagnosticIdAndStatement()
    {
        var doc = File.ReadAllText(RepositoryFile("docs/language.md"));

        Assert.Multiple(() =>
        {
            foreach (var id in DiagnosticIds.Titles.Keys) Assert.That(doc, Does.Contain(id), id);
            foreach (var keyword in CnnKeywords.Statements) Assert.That(doc, Does.Contain($"`{keyword}"), keyword);
        });
    }
}
