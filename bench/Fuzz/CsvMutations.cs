using System.Text;

namespace ConicDsl.Fuzz;

/// <summary>CSV-specific faults on top of the text mutations: delimiters, quotes, odd cells, ragged rows, encodings.</summary>
public static class CsvMutations
{
    private static readonly string[] OddCells = ["", " ", "NaN", "inf", "-Infinity", "\"1,5\"", "\"", "\"\"", "1;2", "abc", "1e400", "١", "\t", "\"a\nb\""];

    public static byte[] Mutate(string csv, Random random)
    {
        int count = 1 + random.Next(3);
        for (int i = 0; i < count; i++)
        {
            csv = random.Next(8) switch
            {
                0 => csv.Replace(',', random.Next(2) == 0 ? ';' : '\t'),
                1 => ReplaceCell(csv, random),
                2 => DropOrAddCell(csv, random),
                3 => string.Join('\n', csv.Split('\n').Skip(random.Next(2) == 0 ? 1 : 0).Take(random.Next(1, 5))),
                4 => DuplicateHeaderName(csv),
                _ => TextMutations.Mutate(csv, random),
            };
        }
        return random.Next(10) switch
        {
            0 => Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(),
            1 => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(csv)).ToArray(),
            2 => Encoding.Latin1.GetBytes(csv),
            _ => Encoding.UTF8.GetBytes(csv),
        };
    }

    private static string ReplaceCell(string csv, Random random)
    {
        var lines = csv.Split('\n');
        int row = random.Next(lines.Length);
        var cells = lines[row].Split(',');
        cells[random.Next(cells.Length)] = OddCells[random.Next(OddCells.Length)];
        lines[row] = string.Join(',', cells);
        return string.Join('\n', lines);
    }

    private static string DropOrAddCell(string csv, Random random)
    {
        var lines = csv.Split('\n');
        int row = random.Next(lines.Length);
        lines[row] = random.Next(2) == 0 && lines[row].Contains(',') ? lines[row][..lines[row].LastIndexOf(',')] : lines[row] + ",7";
        return string.Join('\n', lines);
    }

    private static string DuplicateHeaderName(string csv)
    {
        int end = csv.IndexOf('\n');
        if (end < 0) return csv;
        var header = csv[..end].Split(',');
        if (header.Length > 1) header[^1] = header[0];
        return string.Join(',', header) + csv[end..];
    }
}
