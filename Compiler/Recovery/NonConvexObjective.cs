using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;

namespace ConicDsl.Compiler.Recovery;

/// <summary>The training objective of a network, L(f(X)) + its penalty ((β/2)·Σ(squared weights) for weight decay), in
/// conventions.md units.</summary>
public static class NonConvexObjective
{
    public static double Evaluate(ITrainedNetwork network, Dataset data, ILoss loss, double beta)
    {
        var predictions = network.Predict(data);
        var targets = data.Targets();
        return loss.Evaluate(predictions, targets) + network.Penalty(beta);
    }
}
