namespace SendWorkflows.Runtime;

/// <summary>
/// Simulated time: it stands still until told to move, and moving it fires every timer created on it in due order.
/// The runtime's <see cref="EmbeddedDurableRuntime.AdvanceToAsync"/> jumps it from one due durable timer to the next,
/// so a year of workflows takes as long as the work in it, not the waiting.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    readonly Lock gate = new();
    readonly List<VirtualTimer> timers = [];
    DateTimeOffset now;

    public VirtualClock(DateTimeOffset start) => now = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        AdvanceTo(GetUtcNow() + delta);
    }

    /// <summary>Moves the clock forward (never back), firing clock timers due on the way at their own due time.</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        while (true)
        {
            VirtualTimer? next;
            lock (gate)
            {
                if (instant < now)
                {
                    throw new ArgumentOutOfRangeException(nameof(instant), instant, $"The virtual clock is at {now:O} and cannot go back.");
                }

                next = timers.Where(t => t.DueAt <= instant).MinBy(t => t.DueAt);
                if (next is null)
                {
                    now = instant;
                    return;
                }

                if (next.DueAt > now)
                {
                    now = next.DueAt;
                }

                next.Reschedule();
            }

            next.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    sealed class VirtualTimer(VirtualClock clock, TimerCallback callback, object? state) : ITimer
    {
        TimeSpan period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock.gate)
            {
                clock.timers.Remove(this);
                this.period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    DueAt = clock.now + dueTime;
                    clock.timers.Add(this);
                }
            }

            return true;
        }

        /// <summary>Called under the clock's lock when this timer is about to fire.</summary>
        public void Reschedule()
        {
            clock.timers.Remove(this);
            if (period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero)
            {
                DueAt += period;
                clock.timers.Add(this);
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock.gate)
            {
                clock.timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
