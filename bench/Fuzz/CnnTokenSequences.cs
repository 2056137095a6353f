using System.Text;
using ConicDsl.Dsl.Parsing;

namespace ConicDsl.Fuzz;

/// <summary>Random token sequences over the grammar's keywords, numbers, strings and punctuation.</summary>
public static class CnnTokenSequences
{
    private static readonly string[] Punctuation = ["{", "}", ";", "\n", "\n", "\n", ",", "..", "\"xor.csv\"", "\"", "// c\n", "# c\n"];
    private static readonly string[] Words = ["m", "y", "label", "x1", "native", "scs", "tolerance", "weight_decay", "squared", "hinge", "huber"];

    public static string Keyword(Random random) => CnnKeywords.All[random.Next(CnnKeywords.All.Count)];

    public static string Generate(Random random)
    {
        var text = new StringBuilder();
        bool wrapped = random.Next(3) != 0;
        if (wrapped) text.Append("model m {\n");
        int length = 1 + random.Next(60);
        for (int i = 0; i < length; i++)
        {
            text.Append(random.Next(10) switch
            {
                < 4 => Keyword(random),
                < 6 => TextMutations.OddNumbers[random.Next(TextMutations.OddNumbers.Length)],
                < 7 => random.Next(-3, 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
                < 8 => Words[random.Next(Words.Length)],
                _ => Punctuation[random.Next(Punctuation.Length)],
            });
            text.Append(random.Next(4) == 0 ? "" : " ");
        }
        if (wrapped && random.Next(4) != 0) text.Append("\n}\n");
        return text.ToString();
    }
}
