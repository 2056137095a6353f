using System.Diagnostics;
using System.Globalization;
using ConicDsl.Backends;

namespace ConicDsl.Cli.Progress;

/// <summary>
/// Shows a solver's iterations on stderr while it runs (docs/cli.md, "Progress"). Nothing appears during the first
/// <see cref="Quiet"/>, so fast solves print nothing. On a terminal one line is rewritten in place (carriage return)
/// at most every <see cref="TerminalInterval"/>; when stderr is redirected to a file or pipe, plain lines are appended
/// at most every <see cref="PlainInterval"/>, so a log does not fill with hundreds of carriage returns.
/// Stages that cannot report iterations (an external solver's process, compiling) get a <see cref="Heartbeat"/> with
/// the elapsed time instead; exact pattern enumeration reports the regions found so far (<see cref="Regions"/>), which
/// the heartbeat then repeats with the current time, until the next stage is named (<see cref="Stage"/>).
/// </summary>
public sealed class ProgressLine : IProgress<SolverIteration>
{
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(1);

    private readonly TextWriter _error;
    private readonly bool _terminal;
    private readonly Func<TimeSpan> _elapsed;
    private readonly string _label;
    private readonly TimeSpan _quiet;
    private readonly object _gate = new();
    private TimeSpan _lastShown = TimeSpan.MinValue;
    private int _liveWidth;
    private bool _sawIteration, _finished;
    private long? _regions;
    private string? _stage;

    /// <param name="elapsed">The time since the stage began; tests pass a fake clock.</param>
    /// <param name="quiet">Silence at the start, <see cref="Quiet"/> unless given.</param>
    public ProgressLine(TextWriter error, bool terminal, string label, Func<TimeSpan>? elapsed = null, TimeSpan? quiet = null)
    {
        _error = error;
        _terminal = terminal;
        _label = label;
        _quiet = quiet ?? Quiet;
        if (elapsed is null)
        {
            var clock = Stopwatch.StartNew();
            elapsed = () => clock.Elapsed;
        }
        _elapsed = elapsed;
    }

    public void Report(SolverIteration value)
    {
        var now = _elapsed();
        lock (_gate)
        {
            _sawIteration = true;
            Show(now, Format(value, now));
        }
    }

    /// <summary>"LABEL: running 3.0 s", for a stage with no iterations to show (or the region count, once one has
    /// arrived); ignored once iterations arrive.</summary>
    public void Heartbeat()
    {
        var now = _elapsed();
        lock (_gate)
        {
            if (_sawIteration) return;
            Show(now, _stage is { } stage ? StageText(stage, now)
                : _regions is { } regions ? RegionsText(regions, now)
                : string.Create(CultureInfo.InvariantCulture, $"{_label}: running  {now.TotalSeconds:f1} s"));
        }
    }

    /// <summary>"enumerating patterns: 4096 regions, 3.2 s": the count an exact enumeration reports as it goes
    /// (CertifiedArrangementEnumerator.Progress: every 1024 regions, and the total at the end). The first count replaces
    /// the heartbeat at once, as a new stage does; later ones keep to the interval.</summary>
    public void Regions(long count)
    {
        var now = _elapsed();
        lock (_gate)
        {
            if (_regions is null) _lastShown = TimeSpan.MinValue;
            _regions = count;
            if (!_sawIteration) Show(now, RegionsText(count, now));
        }
    }

    /// <summary>"building the program over 8180 patterns: 3.4 s": the stage that follows enumeration, so the line
    /// does not keep showing the last region count while the program is built. Shown at once (a stage change is worth
    /// a line even inside the interval), then repeated by the heartbeat.</summary>
    public void Stage(string text)
    {
        var now = _elapsed();
        lock (_gate)
        {
            _stage = text;
            if (_sawIteration) return;
            _lastShown = TimeSpan.MinValue;
            Show(now, StageText(text, now));
        }
    }

    private static string StageText(string stage, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{stage}: {elapsed.TotalSeconds:f1} s");

    private static string RegionsText(long regions, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"enumerating patterns: {regions} regions, {elapsed.TotalSeconds:f1} s");

    private void Show(TimeSpan now, string text)
    {
        if (_finished || now < _quiet) return;
        var interval = _terminal ? TerminalInterval : PlainInterval;
        if (_lastShown != TimeSpan.MinValue && now - _lastShown < interval) return;
        _lastShown = now;
        if (_terminal)
        {
            // Padding wipes the tail of a longer previous line.
            _error.Write("\r" + text.PadRight(_liveWidth));
            _liveWidth = Math.Max(_liveWidth, text.Length);
        }
        else _error.WriteLine(text);
        _error.Flush();
    }

    /// <summary>Ends a live line so that what follows starts on a fresh line; later reports are ignored (a heartbeat
    /// timer may still fire once).</summary>
    public void Finish()
    {
        lock (_gate)
        {
            _finished = true;
            if (!_terminal || _liveWidth == 0) return;
            _error.Write("\r" + new string(' ', _liveWidth) + "\r");
            _error.Flush();
            _liveWidth = 0;
        }
    }

    /// <summary>Runs <paramref name="stage"/> with a heartbeat every 250 ms, then finishes the line.</summary>
    public T Around<T>(Func<T> stage)
    {
        using (new Timer(_ => Heartbeat(), null, 250, 250))
        {
            try
            {
                return stage();
            }
            finally
            {
                Finish();
            }
        }
    }

    private string Format(SolverIteration it, TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture,
        $"{_label}: iteration {it.Iteration}  objective {it.PrimalObjective:e6}  primal residual {it.PrimalResidual:e2}  dual residual {it.DualResidual:e2}  gap {it.Gap:e2}  {elapsed.TotalSeconds:f1} s");
}
