using ConicDsl.Conic;
using OperationsResearch;

namespace ConicDsl.Backends.OrTools;

/// <summary>
/// The standard form written as an OR-Tools <see cref="MPModelProto"/>. Row i of Ax + s = b becomes proto
/// constraint i (so a solver's row duals line up with y); each second-order block (t, z) gets auxiliary
/// variables u = b − Ax for its rows (proto variables after the program's n) and one quadratic constraint
/// ‖u_z‖² − u_t² ≤ 0 with u_t ≥ 0, which is the cone itself, not an approximation.
/// </summary>
internal static class MpLowering
{
    public static MPModelProto Build(ConicProgram program)
    {
        var model = new MPModelProto { ObjectiveOffset = program.ObjectiveConstant };
        int n = program.Variables;
        for (int j = 0; j < n; j++)
            model.Variable.Add(new MPVariableProto
            {
                LowerBound = double.NegativeInfinity,
                UpperBound = double.PositiveInfinity,
                ObjectiveCoefficient = program.C[j],
            });

        var rows = RowsOf(program.A);
        var cones = program.Cones;
        for (int i = 0; i < cones.Zero + cones.NonNegative; i++)
        {
            // A zero row is an equality; an orthant row s = b − a·x ≥ 0 is a·x ≤ b.
            double lower = i < cones.Zero ? program.B[i] : double.NegativeInfinity;
            model.Constraint.Add(Constraint(rows[i], lower, program.B[i]));
        }

        foreach (var (start, q) in cones.SecondOrderBlocks())
        {
            int first = model.Variable.Count;
            var quad = new MPQuadraticConstraint { LowerBound = double.NegativeInfinity, UpperBound = 0 };
            for (int k = 0; k < q; k++)
            {
                int u = model.Variable.Count;
                model.Variable.Add(new MPVariableProto
                {
                    LowerBound = k == 0 ? 0 : double.NegativeInfinity,
                    UpperBound = double.PositiveInfinity,
                });
                var row = Constraint(rows[start + k], program.B[start + k], program.B[start + k]);
                row.VarIndex.Add(u);
                row.Coefficient.Add(1);
                model.Constraint.Add(row);
                quad.Qvar1Index.Add(u);
                quad.Qvar2Index.Add(u);
                quad.Qcoefficient.Add(k == 0 ? -1 : 1);
            }
            model.GeneralConstraint.Add(new MPGeneralConstraintProto { Name = $"soc{first}", QuadraticConstraint = quad });
        }

        if (program.HasQuadraticObjective)
        {
            // The proto objective is Σ coef·x_i·x_j over listed pairs, so ½xᵀPx takes ½P_ii on the diagonal and
            // the full P_ij once for each stored upper-triangle entry (it stands for both P_ij and P_ji).
            var qo = new MPQuadraticObjective();
            foreach (var (r, c, v) in program.P!.Entries())
            {
                qo.Qvar1Index.Add(r);
                qo.Qvar2Index.Add(c);
                qo.Coefficient.Add(r == c ? 0.5 * v : v);
            }
            model.QuadraticObjective = qo;
        }
        return model;
    }

    private static MPConstraintProto Constraint(List<(int Column, double Value)> terms, double lower, double upper)
    {
        var row = new MPConstraintProto { LowerBound = lower, UpperBound = upper };
        foreach (var (c, v) in terms)
        {
            row.VarIndex.Add(c);
            row.Coefficient.Add(v);
        }
        return row;
    }

    public static List<(int Column, double Value)>[] RowsOf(SparseMatrix a)
    {
        var rows = new List<(int, double)>[a.Rows];
        for (int i = 0; i < rows.Length; i++) rows[i] = new List<(int, double)>();
        foreach (var (r, c, v) in a.Entries()) rows[r].Add((c, v));
        return rows;
    }

    public static bool IsDiagonal(SparseMatrix? p) => p is null || p.Entries().All(e => e.Row == e.Column);
}
