//! `raftlab`: run, check and fuzz Raft Lab scenarios headless.
//!
//! Exit codes: 0 all good; 1 an expectation failed or an unexpected invariant was
//! violated; 2 invalid input (message on stderr).

use raft_lab::raft::Bugs;
use raft_lab::sim::fuzz::{benchmark_scenario, fuzz_scenario, SETTLE};
use raft_lab::sim::invariants::{Counts, Invariant};
use raft_lab::sim::json::Json;
use raft_lab::sim::lincheck;
use raft_lab::sim::narrate::Lang;
use raft_lab::sim::runner::{run, trace, RunOptions, MAX_TIME};
use raft_lab::sim::scenario::{index_json, parse, Scenario};
use raft_lab::sim::zab_fuzz::zab_fuzz_scenario;
use raft_lab::sim::Protocol;
use raft_lab::sim::MS;
#[cfg(not(target_arch = "wasm32"))]
use raft_lab::ui::first_frame::first_frame;
use raft_lab::zab::Bugs as ZabBugs;
use std::io::Write;
use std::ops::RangeInclusive;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage:
  raftlab run FILE [--dump-every-ms N] [--until-ms T] [--protocol raft|zab]
  raftlab check FILE...
  raftlab trace FILE [--until-ms T] [--lang en|zh] [--protocol raft|zab]
  raftlab index DIR      (prints the scenario menu, DIR/index.json)
  raftlab first-frame [--lang en|zh]   (prints the page's first frame as HTML, for index.html)
  raftlab bench [--minutes M] [--snapshot-every N] [--out FILE]   (writes the benchmark scenario, runs it, prints figures)
  raftlab lincheck FILE   (a history as JSON lines; exit 0 linearizable, 1 not, 2 invalid)
  raftlab lincheck-bench [--ops N] [--keys K] [--clients C]   (times the checker on a random history)
  raftlab fuzz --runs N --duration-ms D [--seed S] [--bug NAME]... [--protocol raft|zab]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => cmd_run(&args[1..]),
        Some("check") => cmd_check(&args[1..]),
        Some("fuzz") => cmd_fuzz(&args[1..]),
        Some("trace") => cmd_trace(&args[1..]),
        Some("index") => cmd_index(&args[1..]),
        Some("first-frame") => cmd_first_frame(&args[1..]),
        Some("bench") => cmd_bench(&args[1..]),
        Some("lincheck") => cmd_lincheck(&args[1..]),
        Some("lincheck-bench") => cmd_lincheck_bench(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(true)
        }
        _ => Err(format!("expected a command\n{USAGE}")),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(msg) => {
            eprintln!("raftlab: {msg}");
            ExitCode::from(2)
        }
    }
}

/// `--name value` pairs, in order.
type Flags = Vec<(String, String)>;

/// Reads `--name value` flags after the positional arguments.
fn flags(args: &[String], known: &[&str]) -> Result<(Vec<String>, Flags), String> {
    let mut pos = vec![];
    let mut out = vec![];
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(name) = a.strip_prefix("--") {
            if !known.contains(&name) {
                return Err(format!("unknown option --{name}\n{USAGE}"));
            }
            let v = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
            out.push((name.to_string(), v.clone()));
        } else {
            pos.push(a.clone());
        }
    }
    Ok((pos, out))
}

/// Simulated time a run may cover, in ms: one day, as a scenario's steps.
const MAX_MS: u64 = MAX_TIME / MS;
/// Snapshots one `run` may print.
const MAX_DUMPS: u64 = 1_000_000;
/// Simulated minutes `bench` may run: one day.
const MAX_BENCH_MINUTES: u64 = 1_440;
/// Simulated time of one fuzz run, in ms (each run then gets 30 s to converge).
const MAX_FUZZ_MS: u64 = 3_600_000;
/// Fuzz runs.
const MAX_FUZZ_RUNS: u64 = 1_000_000;
/// Simulated time of all fuzz runs, settling included, in ms: 116 days, some
/// minutes of work (10 000 runs of 10 s take 14 s).
const MAX_FUZZ_TOTAL_MS: u64 = 10_000_000_000;

/// The last value of `--name`, a whole number in `range`.
fn flag(
    fl: &[(String, String)],
    name: &str,
    range: RangeInclusive<u64>,
) -> Result<Option<u64>, String> {
    let Some((_, v)) = fl.iter().rev().find(|(n, _)| n == name) else {
        return Ok(None);
    };
    match v.parse::<u64>() {
        Ok(n) if range.contains(&n) => Ok(Some(n)),
        _ => Err(format!(
            "--{name} must be a whole number from {} to {}, got {v:?}",
            range.start(),
            range.end()
        )),
    }
}

/// `--until-ms`, bounded by a day of simulated time, in µs.
fn until(fl: &[(String, String)]) -> Result<Option<u64>, String> {
    Ok(flag(fl, "until-ms", 0..=MAX_MS)?.map(|n| n * MS))
}

/// `--protocol raft|zab`, if given.
fn protocol_flag(fl: &[(String, String)]) -> Result<Option<Protocol>, String> {
    match fl.iter().rev().find(|(n, _)| n == "protocol") {
        None => Ok(None),
        Some((_, v)) => Protocol::parse(v)
            .map(Some)
            .ok_or_else(|| format!("--protocol must be raft or zab, got {v:?}")),
    }
}

fn load(path: &str) -> Result<Scenario, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    parse(&text).map_err(|e| format!("{path}: {e}"))
}

fn cmd_run(args: &[String]) -> Result<bool, String> {
    let (pos, fl) = flags(args, &["dump-every-ms", "until-ms", "protocol"])?;
    let [path] = &pos[..] else {
        return Err(format!("run takes one FILE\n{USAGE}"));
    };
    let until = until(&fl)?;
    let every = flag(&fl, "dump-every-ms", 1..=MAX_MS)?;
    let mut scn = load(path)?;
    // A side-by-side scenario runs under either protocol: the same steps.
    if let Some(p) = protocol_flag(&fl)? {
        scn.setup.cluster.protocol = p;
    }
    let end_ms = until.unwrap_or_else(|| scn.steps.last().map_or(0, |s| s.at)) / MS;
    if let Some(every) = every.filter(|&e| end_ms / e > MAX_DUMPS) {
        return Err(format!(
            "--dump-every-ms {every} over {end_ms} ms would print {} snapshots; the limit is \
             {MAX_DUMPS}: dump less often, or stop earlier with --until-ms",
            end_ms / every
        ));
    }
    let opts = RunOptions {
        dump_every: every.map(|n| n * MS),
        until,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let outcome = run(&scn, opts, |line| {
        let _ = writeln!(out, "{line}");
    })?;
    let _ = out.flush();
    Ok(outcome.ok)
}

fn cmd_trace(args: &[String]) -> Result<bool, String> {
    let (pos, fl) = flags(args, &["until-ms", "lang", "protocol"])?;
    let [path] = &pos[..] else {
        return Err(format!("trace takes one FILE\n{USAGE}"));
    };
    let mut scn = load(path)?;
    if let Some(p) = protocol_flag(&fl)? {
        scn.setup.cluster.protocol = p;
    }
    let lang = lang_flag(&fl)?;
    let until = until(&fl)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    trace(&scn, until, lang, |t, text| {
        let _ = writeln!(out, "{:>10.3}  {text}", t as f64 / MS as f64);
    })?;
    let _ = out.flush();
    Ok(true)
}

/// Yew's server renderer is native only; the wasm tests build this command too.
#[cfg(target_arch = "wasm32")]
fn first_frame(_: Lang) -> Result<String, String> {
    Err("first-frame runs natively only".into())
}

/// `--lang en|zh`, English by default.
fn lang_flag(fl: &Flags) -> Result<Lang, String> {
    match fl.iter().rev().find(|(n, _)| n == "lang") {
        None => Ok(Lang::En),
        Some((_, v)) => Lang::parse(v).ok_or_else(|| format!("--lang must be en or zh, got {v:?}")),
    }
}

/// The page's first frame (the default view at t=0) as HTML: the build puts it
/// into index.html (.ci/tools/first-frame.mjs).
fn cmd_first_frame(args: &[String]) -> Result<bool, String> {
    let (pos, fl) = flags(args, &["lang"])?;
    if !pos.is_empty() {
        return Err(format!(
            "first-frame takes no positional arguments\n{USAGE}"
        ));
    }
    println!("{}", first_frame(lang_flag(&fl)?)?);
    Ok(true)
}

fn cmd_index(args: &[String]) -> Result<bool, String> {
    let [dir] = args else {
        return Err(format!("index takes one DIR\n{USAGE}"));
    };
    let mut all = vec![];
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{dir}: {e}"))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if path.extension().is_some_and(|e| e == "json") && name != "index" {
            all.push((name, load(&path.to_string_lossy())?));
        }
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    println!("{}", index_json(&all).pretty());
    Ok(true)
}

fn cmd_bench(args: &[String]) -> Result<bool, String> {
    let (pos, fl) = flags(args, &["minutes", "out", "snapshot-every"])?;
    if !pos.is_empty() {
        return Err(format!("bench takes no positional arguments\n{USAGE}"));
    }
    let minutes = flag(&fl, "minutes", 1..=MAX_BENCH_MINUTES)?.unwrap_or(60);
    let mut scn = benchmark_scenario(minutes);
    scn.setup.cluster.snapshot_every = flag(&fl, "snapshot-every", 0..=1_000_000)?.unwrap_or(0);
    if let Some((_, out)) = fl.iter().find(|(n, _)| n == "out") {
        let text = scn.to_json().to_text();
        std::fs::write(out, text).map_err(|e| format!("{out}: {e}"))?;
    }
    let started = Instant::now();
    let mut last = None;
    let outcome = run(&scn, RunOptions::default(), |l| last = Some(l))?;
    let wall = started.elapsed();
    let mut world = raft_lab::sim::World::new(&scn.setup)?;
    // Count the events of the same run (the runner does not expose its world).
    let counted = Instant::now();
    for step in &scn.steps {
        world.advance_to(step.at);
        if let raft_lab::sim::scenario::StepKind::Act(a) = &step.kind {
            world.act(a)?;
        }
    }
    let second = counted.elapsed();
    let st = world.stats();
    let acked = world
        .writes()
        .iter()
        .filter(|w| w.status == raft_lab::sim::WriteStatus::Acked)
        .count();
    let log_length = world
        .servers()
        .iter()
        .map(|s| s.node.log().last_index())
        .max();
    let v = Json::obj([
        ("simulated_minutes", Json::int(minutes)),
        ("wall_ms", Json::int(wall.as_millis() as u64)),
        ("wall_ms_second_run", Json::int(second.as_millis() as u64)),
        ("events", Json::int(st.events)),
        (
            "events_per_wall_second",
            Json::int((st.events as f64 / wall.as_secs_f64()) as u64),
        ),
        ("messages_sent", Json::int(st.sent)),
        ("messages_delivered", Json::int(st.delivered)),
        ("writes", Json::int(world.writes().len() as u64)),
        ("acked", Json::int(acked as u64)),
        ("max_term", Json::int(world.max_live_term())),
        ("log_length", log_length.map_or(Json::Null, Json::int)),
        (
            "snapshot_every",
            Json::int(scn.setup.cluster.snapshot_every),
        ),
        (
            "log_entries_kept",
            Json::int(
                world
                    .servers()
                    .iter()
                    .map(|s| s.node.log().entries().len() as u64)
                    .sum(),
            ),
        ),
        ("approx_bytes", Json::int(world.approx_bytes() as u64)),
        ("violations", Json::int(outcome.violations.len() as u64)),
        ("ok", Json::Bool(outcome.ok)),
    ]);
    println!("{v}");
    Ok(outcome.ok)
}

fn cmd_lincheck(args: &[String]) -> Result<bool, String> {
    let [path] = args else {
        return Err(format!("lincheck takes one FILE\n{USAGE}"));
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let ops = lincheck::parse_history(&text).map_err(|e| format!("{path}: {e}"))?;
    let started = Instant::now();
    let verdict = lincheck::check(&ops);
    let ms = Json::int(started.elapsed().as_millis() as u64);
    match verdict {
        Ok(()) => {
            println!(
                "{}",
                Json::obj([
                    ("linearizable", Json::Bool(true)),
                    ("ops", Json::int(ops.len() as u64)),
                    ("check_ms", ms),
                ])
            );
            Ok(true)
        }
        Err(u) => {
            let shown = u
                .ops
                .iter()
                .map(|&i| {
                    let mut j = lincheck::op_json(&ops[i]);
                    j.set("line", Json::int(i as u64 + 1));
                    j
                })
                .collect();
            println!(
                "{}",
                Json::obj([
                    ("linearizable", Json::Bool(false)),
                    ("key", Json::str(u.key.as_str())),
                    ("unorderable", Json::Arr(shown)),
                    ("check_ms", ms),
                ])
            );
            Ok(false)
        }
    }
}

fn cmd_lincheck_bench(args: &[String]) -> Result<bool, String> {
    let (pos, fl) = flags(args, &["ops", "keys", "clients"])?;
    if !pos.is_empty() {
        return Err(format!(
            "lincheck-bench takes no positional arguments\n{USAGE}"
        ));
    }
    let n = flag(&fl, "ops", 1..=10_000_000)?.unwrap_or(10_000) as usize;
    let keys = flag(&fl, "keys", 1..=1_000_000)?.unwrap_or(50) as usize;
    let clients = flag(&fl, "clients", 1..=1_000)?.unwrap_or(5) as u32;
    let history = lincheck::random_history(1, n, keys, clients);
    let started = Instant::now();
    let ok = lincheck::check(&history).is_ok();
    let took = started.elapsed();
    println!(
        "{}",
        Json::obj([
            ("ops", Json::int(n as u64)),
            ("keys", Json::int(keys as u64)),
            ("clients", Json::int(u64::from(clients))),
            ("linearizable", Json::Bool(ok)),
            ("check_ms", Json::fixed(took.as_secs_f64() * 1000.0, 1)),
        ])
    );
    Ok(ok)
}

fn cmd_check(args: &[String]) -> Result<bool, String> {
    if args.is_empty() {
        return Err(format!("check takes at least one FILE\n{USAGE}"));
    }
    let mut bad = vec![];
    for path in args {
        match load(path) {
            Ok(s) => println!("{path}: ok ({} steps)", s.steps.len()),
            Err(e) => bad.push(e),
        }
    }
    if bad.is_empty() {
        Ok(true)
    } else {
        Err(bad.join("\n"))
    }
}

fn cmd_fuzz(args: &[String]) -> Result<bool, String> {
    let (pos, fl) = flags(args, &["runs", "duration-ms", "seed", "bug", "protocol"])?;
    let protocol = protocol_flag(&fl)?.unwrap_or(Protocol::Raft);
    if !pos.is_empty() {
        return Err(format!("fuzz takes no positional arguments\n{USAGE}"));
    }
    let runs = flag(&fl, "runs", 1..=MAX_FUZZ_RUNS)?.ok_or("fuzz needs --runs N")?;
    let duration =
        flag(&fl, "duration-ms", 1..=MAX_FUZZ_MS)?.ok_or("fuzz needs --duration-ms D")?;
    // Each run also gets SETTLE to converge after healing.
    let total = runs * (duration + SETTLE / MS);
    if total > MAX_FUZZ_TOTAL_MS {
        return Err(format!(
            "--runs {runs} of --duration-ms {duration} (each then settles for {} ms) come to \
             {total} ms of simulated time; the limit is {MAX_FUZZ_TOTAL_MS}: ask for fewer or \
             shorter runs, and split the seeds with --seed",
            SETTLE / MS
        ));
    }
    let seed0 = flag(&fl, "seed", 0..=u64::MAX)?.unwrap_or(1);
    let mut bugs = Bugs::default();
    let mut zab_bugs = ZabBugs::default();
    for (_, v) in fl.iter().filter(|(name, _)| name == "bug") {
        let known = match protocol {
            Protocol::Raft => bugs.set(v, true),
            Protocol::Zab => zab_bugs.set(v, true),
        };
        if !known {
            let names = match protocol {
                Protocol::Raft => Bugs::NAMES.join(", "),
                Protocol::Zab => ZabBugs::NAMES.join(", "),
            };
            return Err(format!(
                "unknown bug {v:?} for {} (known: {names})",
                protocol.name()
            ));
        }
    }
    let started = Instant::now();
    let mut failures = 0u64;
    let mut counts = Counts::default();
    for r in 0..runs {
        let seed = seed0.wrapping_add(r);
        let scn = match protocol {
            Protocol::Raft => fuzz_scenario(seed, duration * MS, bugs),
            Protocol::Zab => zab_fuzz_scenario(seed, duration * MS, zab_bugs),
        };
        let mut last = None;
        let outcome = run(&scn, RunOptions::default(), |line| last = Some(line))?;
        counts.add(&outcome.counts);
        if !outcome.ok {
            failures += 1;
            let file = format!("fuzz-failure-{seed}.json");
            let text = scn.to_json().pretty();
            std::fs::write(&file, text).map_err(|e| format!("{file}: {e}"))?;
            let why = last.map(|l| l.to_string()).unwrap_or_default();
            eprintln!(
                "seed {seed}: FAILED, saved {file}\n  {}",
                why.chars().take(600).collect::<String>()
            );
        }
    }
    let violations = counts
        .iter(Invariant::of(protocol))
        .map(|(i, c)| (i.name().to_string(), Json::int(c)))
        .collect();
    let summary = Json::obj([
        ("runs", Json::int(runs)),
        ("duration_ms", Json::int(duration)),
        ("first_seed", Json::int(seed0)),
        ("failures", Json::int(failures)),
        ("violations", Json::Obj(violations)),
        ("wall_ms", Json::int(started.elapsed().as_millis() as u64)),
    ]);
    println!("{summary}");
    Ok(failures == 0)
}
