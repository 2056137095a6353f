using System.Collections.Immutable;
using System.Globalization;

namespace ConicDsl.Conic.Formats;

public static partial class CbfFormat
{
    /// <summary>
    /// Reads a CBF file (versions 1–3; the keywords of linear, second-order and semidefinite programs) into the
    /// standard form. Rows are reordered into the standard form's cone order, keeping their order within a kind.
    /// L- rows are negated; QR cones (2uv ≥ ‖w‖²) become second-order cones (u + v, u − v, √2·w); PSDCON
    /// matrices become svec rows (off-diagonals ×√2); a PSDVAR matrix bound by the writer's L= pattern becomes
    /// that PSD block again, any other PSDVAR becomes svec(X) new free variables constrained to a PSD block.
    /// EXP cones become exponential cones with the triple reversed (CBF's (u₀, u₁, u₂) is the standard form's
    /// (z, y, x)); an EXP* (dual) cone (a₀, a₁, a₂), i.e. (u, v, w) = (a₂, a₁, a₀) ∈ K_exp*, becomes the primal
    /// cone (u − v, −u, w) ∈ K_exp (−u·exp(v/u) ≤ e·w ⇔ −u·exp((u − v)/(−u)) ≤ w).
    /// Integer variables, power cones and OBJSENSE MAX are not part of the standard form
    /// (MAX is read as minimising the negated objective). Errors are <see cref="FormatException"/>s naming the line.
    /// </summary>
    public static ConicProgram Read(string text) => new Parser(text).Parse().ToProgram();

    private enum CbfCone { Free, Zero, NonNegative, NonPositive, Quadratic, RotatedQuadratic, Exponential, DualExponential }

    /// <summary>An affine row g = Σ coef·x + constant stated as s = g in one of the standard form's cones.</summary>
    private sealed class AffineRow
    {
        public readonly List<(int Column, double Coefficient)> Terms = new();
        public double Constant;
    }

    private sealed class CbfFile
    {
        public bool Marker;
        public bool Maximize;
        public int Variables = -1;
        public int Constraints = -1;
        public readonly List<(CbfCone Cone, int Dimension)> VariableCones = new();
        public readonly List<(CbfCone Cone, int Dimension)> ConstraintCones = new();
        public readonly List<int> PsdVariables = new();
        public readonly List<int> PsdConstraints = new();
        public readonly List<(int Column, double Value)> ObjectiveA = new();
        public readonly List<(int Matrix, int I, int L, double Value)> ObjectiveF = new();
        public double ObjectiveB;
        public readonly List<(int Row, int Matrix, int I, int L, double Value)> F = new();
        public readonly List<(int Row, int Column, double Value)> A = new();
        public readonly List<(int Row, double Value)> B = new();
        public readonly List<(int Constraint, int Column, int I, int L, double Value)> H = new();
        public readonly List<(int Constraint, int I, int L, double Value)> D = new();
        public readonly List<Block> VariableBlocks = new();
        public readonly List<Block> RowBlocks = new();

        public ConicProgram ToProgram()
        {
            int scalars = Math.Max(Variables, 0);
            int rowsIn = Math.Max(Constraints, 0);
            var rowCone = new CbfCone[rowsIn];
            {
                int r = 0;
                foreach (var (cone, dim) in ConstraintCones)
                    for (int k = 0; k < dim; k++) rowCone[r++] = cone;
            }
            var rows = new AffineRow[rowsIn];
            for (int i = 0; i < rowsIn; i++) rows[i] = new AffineRow();
            foreach (var (r, c, v) in A) rows[r].Terms.Add((c, v));
            foreach (var (r, v) in B) rows[r].Constant += v;

            // PSDVAR matrices bound one entry per L= row with the writer's coefficients are PSD blocks on those rows.
            var fPerRow = F.GroupBy(f => f.Row).ToDictionary(g => g.Key, g => g.Count());
            var boundRows = new Dictionary<int, int[]>();
            for (int j = 0; j < PsdVariables.Count; j++)
            {
                int order = PsdVariables[j];
                var entries = F.Where(f => f.Matrix == j).ToList();
                int len = ConeLayout.SvecLength(order);
                if (entries.Count != len || ObjectiveF.Any(o => o.Matrix == j)) continue;
                var svecRows = new int[len];
                Array.Fill(svecRows, -1);
                bool ok = true;
                foreach (var (row, _, i, l, v) in entries)
                {
                    int idx = Svec.Index(order, i, l);
                    double expected = i == l ? -1 : -HalfSqrt2;
                    if (svecRows[idx] >= 0 || rowCone[row] != CbfCone.Zero || fPerRow[row] != 1 || Math.Abs(v - expected) > 1e-15)
                    {
                        ok = false;
                        break;
                    }
                    svecRows[idx] = row;
                }
                if (ok && svecRows.Distinct().Count() == len) boundRows[j] = svecRows;
            }
            var consumed = new HashSet<int>(boundRows.Values.SelectMany(v => v));

            // Any other PSDVAR becomes svec(X) as new scalar variables.
            var svecOffset = new int[PsdVariables.Count];
            int columns = scalars;
            var extraBlocks = new List<Block>();
            for (int j = 0; j < PsdVariables.Count; j++)
            {
                if (boundRows.ContainsKey(j)) continue;
                svecOffset[j] = columns;
                int len = ConeLayout.SvecLength(PsdVariables[j]);
                extraBlocks.Add(new Block($"X{j}", columns, len));
                columns += len;
            }
            int SvecColumn(int j, int i, int l) => svecOffset[j] + Svec.Index(PsdVariables[j], i, l);
            double FScale(int i, int l) => i == l ? 1 : Svec.Sqrt2;
            foreach (var (row, j, i, l, v) in F)
                if (!boundRows.ContainsKey(j)) rows[row].Terms.Add((SvecColumn(j, i, l), FScale(i, l) * v));

            var zero = new List<AffineRow>();
            var nonneg = new List<AffineRow>();
            var soc = new List<List<AffineRow>>();
            var psd = new List<(int Order, AffineRow[] Rows)>();
            var exp = new List<AffineRow>();

            void Place(CbfCone cone, IReadOnlyList<AffineRow> group)
            {
                switch (cone)
                {
                    case CbfCone.Free: break;
                    case CbfCone.Zero: zero.AddRange(group); break;
                    case CbfCone.NonNegative: nonneg.AddRange(group); break;
                    case CbfCone.NonPositive: nonneg.AddRange(group.Select(g => Scaled(g, -1))); break;
                    case CbfCone.Quadratic: soc.Add(group.ToList()); break;
                    case CbfCone.RotatedQuadratic:
                        var u = group[0];
                        var w = group[1];
                        var rotated = new List<AffineRow> { Combine(u, w, 1), Combine(u, w, -1) };
                        rotated.AddRange(group.Skip(2).Select(g => Scaled(g, Svec.Sqrt2)));
                        soc.Add(rotated);
                        break;
                    case CbfCone.Exponential:
                        exp.AddRange(new[] { group[2], group[1], group[0] });
                        break;
                    case CbfCone.DualExponential:
                        var (du, dv, dw) = (group[2], group[1], group[0]);
                        exp.AddRange(new[] { Combine(du, dv, -1), Scaled(du, -1), dw });
                        break;
                }
            }

            {
                int r = 0;
                foreach (var (cone, dim) in ConstraintCones)
                {
                    var group = Enumerable.Range(r, dim).Where(i => !consumed.Contains(i)).Select(i => rows[i]).ToList();
                    if (cone is CbfCone.Quadratic or CbfCone.RotatedQuadratic or CbfCone.Exponential or CbfCone.DualExponential)
                        if (group.Count != dim) throw new FormatException($"a {cone} cone shares rows with a PSD matrix variable");
                    Place(cone, group);
                    r += dim;
                }
            }
            {
                int c = 0;
                foreach (var (cone, dim) in VariableCones)
                {
                    var group = Enumerable.Range(c, dim).Select(j => { var g = new AffineRow(); g.Terms.Add((j, 1)); return g; }).ToList();
                    Place(cone, group);
                    c += dim;
                }
            }
            for (int j = 0; j < PsdVariables.Count; j++)
                if (boundRows.TryGetValue(j, out var svecRows)) psd.Add((PsdVariables[j], svecRows.Select(r => rows[r]).ToArray()));
            for (int k = 0; k < PsdConstraints.Count; k++)
            {
                int order = PsdConstraints[k];
                var group = new AffineRow[ConeLayout.SvecLength(order)];
                for (int i = 0; i < group.Length; i++) group[i] = new AffineRow();
                foreach (var (con, i, l, v) in D)
                    if (con == k) group[Svec.Index(order, i, l)].Constant += FScale(i, l) * v;
                foreach (var (con, col, i, l, v) in H)
                    if (con == k) group[Svec.Index(order, i, l)].Terms.Add((col, FScale(i, l) * v));
                psd.Add((order, group));
            }
            for (int j = 0; j < PsdVariables.Count; j++)
            {
                if (boundRows.ContainsKey(j)) continue;
                int len = ConeLayout.SvecLength(PsdVariables[j]);
                var group = Enumerable.Range(0, len).Select(i => { var g = new AffineRow(); g.Terms.Add((svecOffset[j] + i, 1)); return g; }).ToArray();
                psd.Add((PsdVariables[j], group));
            }

            var ordered = zero.Concat(nonneg).Concat(soc.SelectMany(g => g)).Concat(psd.SelectMany(g => g.Rows)).Concat(exp).ToList();
            var triplets = new List<(int, int, double)>();
            var b = new double[ordered.Count];
            for (int i = 0; i < ordered.Count; i++)
            {
                foreach (var (col, coef) in ordered[i].Terms) triplets.Add((i, col, -coef));
                b[i] = ordered[i].Constant;
            }

            var objective = new double[columns];
            foreach (var (col, v) in ObjectiveA) objective[col] += v;
            foreach (var (j, i, l, v) in ObjectiveF)
                if (!boundRows.ContainsKey(j)) objective[SvecColumn(j, i, l)] += FScale(i, l) * v;
            double constant = ObjectiveB;
            if (Maximize)
            {
                for (int j = 0; j < objective.Length; j++) objective[j] = -objective[j];
                constant = -constant;
            }

            var layout = new ConeLayout(zero.Count, nonneg.Count, soc.Select(g => g.Count).ToImmutableArray(), psd.Select(g => g.Order).ToImmutableArray(), exp.Count / 3);
            var variableBlocks = Marker && VariableBlocks.All(bl => bl.Offset >= 0 && bl.Length >= 0 && bl.Offset + bl.Length <= columns)
                ? VariableBlocks.ToImmutableArray()
                : extraBlocks.Prepend(new Block("x", 0, scalars)).ToImmutableArray();
            var rowBlocks = Marker && RowBlocks.All(bl => bl.Offset >= 0 && bl.Length >= 0 && bl.Offset + bl.Length <= ordered.Count)
                ? RowBlocks.ToImmutableArray()
                : ImmutableArray<Block>.Empty;
            return new ConicProgram(
                SparseMatrix.FromTriplets(ordered.Count, columns, triplets),
                b.ToImmutableArray(),
                objective.ToImmutableArray(),
                null,
                constant,
                layout,
                variableBlocks,
                rowBlocks);
        }

        private static AffineRow Scaled(AffineRow g, double s)
        {
            var r = new AffineRow { Constant = s * g.Constant };
            r.Terms.AddRange(g.Terms.Select(t => (t.Column, s * t.Coefficient)));
            return r;
        }

        private static AffineRow Combine(AffineRow u, AffineRow v, double sign)
        {
            var r = new AffineRow { Constant = u.Constant + sign * v.Constant };
            r.Terms.AddRange(u.Terms);
            r.Terms.AddRange(v.Terms.Select(t => (t.Column, sign * t.Coefficient)));
            return r;
        }
    }

    private sealed class Parser
    {
        private readonly string[] _lines;
        private int _next;
        private int _line;
        private readonly CbfFile _file = new();

        public Parser(string text) => _lines = text.Split('\n');

        public CbfFile Parse()
        {
            bool sawVersion = false;
            var seen = new HashSet<string>();
            while (NextLine() is string line)
            {
                var keyword = line.Trim();
                int at = _line;
                if (!sawVersion && keyword != "VER") throw Error(at, $"expected VER first, got '{keyword}'");
                if (!seen.Add(keyword)) throw Error(at, $"keyword {keyword} appears twice");
                switch (keyword)
                {
                    case "VER":
                        int version = Int(Fields(1)[0]);
                        if (version < 1 || version > 3) throw Error(_line, $"CBF version {version} is not supported (1 to 3 are)");
                        sawVersion = true;
                        break;
                    case "OBJSENSE":
                        var sense = Fields(1)[0];
                        _file.Maximize = sense switch
                        {
                            "MIN" => false,
                            "MAX" => true,
                            _ => throw Error(_line, $"OBJSENSE must be MIN or MAX, got '{sense}'"),
                        };
                        break;
                    case "VAR":
                        ReadCones(_file.VariableCones, out _file.Variables, "VAR", "variables");
                        break;
                    case "CON":
                        ReadCones(_file.ConstraintCones, out _file.Constraints, "CON", "rows");
                        break;
                    case "PSDVAR":
                        ReadOrders(_file.PsdVariables);
                        break;
                    case "PSDCON":
                        ReadOrders(_file.PsdConstraints);
                        break;
                    case "OBJACOORD":
                        foreach (var f in Entries(2)) _file.ObjectiveA.Add((Index(f[0], Need(_file.Variables, "OBJACOORD", "VAR")), Real(f[1])));
                        break;
                    case "OBJBCOORD":
                        _file.ObjectiveB = Real(Fields(1)[0]);
                        break;
                    case "OBJFCOORD":
                        foreach (var f in Entries(4))
                        {
                            int j = Index(f[0], Need(_file.PsdVariables.Count, "OBJFCOORD", "PSDVAR"));
                            var (i, l) = Entry(f[1], f[2], _file.PsdVariables[j]);
                            _file.ObjectiveF.Add((j, i, l, Real(f[3])));
                        }
                        break;
                    case "FCOORD":
                        foreach (var f in Entries(5))
                        {
                            int row = Index(f[0], Need(_file.Constraints, "FCOORD", "CON"));
                            int j = Index(f[1], Need(_file.PsdVariables.Count, "FCOORD", "PSDVAR"));
                            var (i, l) = Entry(f[2], f[3], _file.PsdVariables[j]);
                            _file.F.Add((row, j, i, l, Real(f[4])));
                        }
                        break;
                    case "ACOORD":
                        foreach (var f in Entries(3))
                            _file.A.Add((Index(f[0], Need(_file.Constraints, "ACOORD", "CON")), Index(f[1], Need(_file.Variables, "ACOORD", "VAR")), Real(f[2])));
                        break;
                    case "BCOORD":
                        foreach (var f in Entries(2)) _file.B.Add((Index(f[0], Need(_file.Constraints, "BCOORD", "CON")), Real(f[1])));
                        break;
                    case "HCOORD":
                        foreach (var f in Entries(5))
                        {
                            int k = Index(f[0], Need(_file.PsdConstraints.Count, "HCOORD", "PSDCON"));
                            int col = Index(f[1], Need(_file.Variables, "HCOORD", "VAR"));
                            var (i, l) = Entry(f[2], f[3], _file.PsdConstraints[k]);
                            _file.H.Add((k, col, i, l, Real(f[4])));
                        }
                        break;
                    case "DCOORD":
                        foreach (var f in Entries(4))
                        {
                            int k = Index(f[0], Need(_file.PsdConstraints.Count, "DCOORD", "PSDCON"));
                            var (i, l) = Entry(f[1], f[2], _file.PsdConstraints[k]);
                            _file.D.Add((k, i, l, Real(f[3])));
                        }
                        break;
                    case "INT":
                        throw Error(at, "integer variables (INT) are not supported: the standard form is continuous");
                    case "POWCONES":
                    case "POW*CONES":
                        throw Error(at, $"{keyword}: power cones are not supported by the standard form");
                    case "CHANGE":
                        throw Error(at, "CHANGE (problem sequences) is not supported");
                    default:
                        throw Error(at, $"unknown CBF keyword '{keyword}'");
                }
            }
            if (!sawVersion) throw new FormatException("CBF: empty file (no VER)");
            if (_file.Variables < 0) _file.Variables = 0;
            return _file;
        }

        /// <summary>The next line that is neither blank nor a comment; comments are collected on the way.</summary>
        private string? NextLine()
        {
            while (_next < _lines.Length)
            {
                var line = _lines[_next++].TrimEnd('\r');
                _line = _next;
                var trimmed = line.TrimStart();
                if (trimmed.Length == 0) continue;
                if (trimmed[0] == '#')
                {
                    Comment(trimmed);
                    continue;
                }
                return line;
            }
            return null;
        }

        private void Comment(string line)
        {
            if (line.StartsWith(Marker, StringComparison.Ordinal)) _file.Marker = true;
            else if (line.StartsWith(VariableBlockComment, StringComparison.Ordinal)) _file.VariableBlocks.Add(ParseBlock(line[VariableBlockComment.Length..]));
            else if (line.StartsWith(RowBlockComment, StringComparison.Ordinal)) _file.RowBlocks.Add(ParseBlock(line[RowBlockComment.Length..]));
        }

        private Block ParseBlock(string rest)
        {
            var parts = rest.Split(' ', 3);
            if (parts.Length < 2) throw Error(_line, "a block comment needs OFFSET LENGTH NAME");
            return new Block(parts.Length == 3 ? parts[2] : "", Int(parts[0]), Int(parts[1]));
        }

        private string[] Fields(int count)
        {
            var line = NextLine() ?? throw new FormatException($"CBF line {_line}: the file ends inside a section (expected {count} field(s))");
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != count) throw Error(_line, $"expected {count} field(s), got '{line.Trim()}'");
            return f;
        }

        /// <summary>Lazy, so that an error in an entry names that entry's line.</summary>
        private IEnumerable<string[]> Entries(int count)
        {
            int n = Int(Fields(1)[0]);
            if (n < 0) throw Error(_line, "a negative number of entries");
            for (int k = 0; k < n; k++) yield return Fields(count);
        }

        private void ReadCones(List<(CbfCone, int)> cones, out int total, string keyword, string what)
        {
            var header = Fields(2);
            int headerLine = _line;
            total = Int(header[0]);
            int count = Int(header[1]);
            if (total < 0 || count < 0) throw Error(_line, $"{keyword} sizes must be nonnegative");
            int sum = 0;
            for (int k = 0; k < count; k++)
            {
                var f = Fields(2);
                int dim = Int(f[1]);
                if (dim < 0) throw Error(_line, "a cone of negative dimension");
                var cone = f[0] switch
                {
                    "F" => CbfCone.Free,
                    "L=" => CbfCone.Zero,
                    "L+" => CbfCone.NonNegative,
                    "L-" => CbfCone.NonPositive,
                    "Q" => CbfCone.Quadratic,
                    "QR" => CbfCone.RotatedQuadratic,
                    "EXP" => CbfCone.Exponential,
                    "EXP*" => CbfCone.DualExponential,
                    _ => throw Error(_line, $"cone '{f[0]}' is not supported (the standard form has F, L=, L+, L-, Q, QR, EXP, EXP* and PSD)"),
                };
                if (cone is CbfCone.Exponential or CbfCone.DualExponential && dim != 3)
                    throw Error(_line, $"cone {f[0]} must have dimension 3, got {dim}");
                if (cone == CbfCone.Quadratic && dim < 1 || cone == CbfCone.RotatedQuadratic && dim < 2)
                    throw Error(_line, $"cone {f[0]} of dimension {dim} is too small");
                cones.Add((cone, dim));
                sum += dim;
            }
            if (sum != total) throw Error(headerLine, $"{keyword} declares {total} {what} but its cones cover {sum}");
        }

        private void ReadOrders(List<int> orders)
        {
            int n = Int(Fields(1)[0]);
            for (int k = 0; k < n; k++)
            {
                int order = Int(Fields(1)[0]);
                if (order < 1) throw Error(_line, "a PSD matrix must have order at least 1");
                orders.Add(order);
            }
        }

        private int Need(int size, string keyword, string declaration) =>
            size >= 0 ? size : throw Error(_line, $"{keyword} comes before {declaration}");

        private int Index(string token, int size)
        {
            int v = Int(token);
            if (v < 0 || v >= size) throw Error(_line, $"index {v} is outside 0..{size - 1}");
            return v;
        }

        /// <summary>A matrix entry in CBF's lower triangle (row ≥ column); an upper-triangle entry is its mirror.</summary>
        private (int I, int L) Entry(string i, string l, int order)
        {
            int a = Index(i, order), b = Index(l, order);
            return a >= b ? (a, b) : (b, a);
        }

        private int Int(string token) =>
            int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Error(_line, $"expected an integer, got '{token}'");

        private double Real(string token) =>
            double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw Error(_line, $"expected a number, got '{token}'");

        private static FormatException Error(int line, string message) => new($"CBF line {line}: {message}");
    }
}
