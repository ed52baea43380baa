//! `raftlab`: run, check and fuzz Raft Lab scenarios headless.
//!
//! Exit codes: 0 all good; 1 an expectation failed or an unexpected invariant was
//! violated; 2 invalid input (message on stderr).

use raft_lab::raft::Bugs;
use raft_lab::sim::fuzz::{benchmark_scenario, random_scenario};
use raft_lab::sim::invariants::Counts;
use raft_lab::sim::narrate::Lang;
use raft_lab::sim::runner::{run, trace, RunOptions};
use raft_lab::sim::scenario::{index_json, parse, Scenario};
use raft_lab::sim::MS;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage:
  raftlab run FILE [--dump-every-ms N] [--until-ms T]
  raftlab check FILE...
  raftlab trace FILE [--until-ms T] [--lang en|zh]
  raftlab index DIR      (prints the scenario menu, DIR/index.json)
  raftlab bench [--minutes M] [--out FILE]   (writes the benchmark scenario, runs it, prints figures)
  raftlab fuzz --runs N --duration-ms D [--seed S] [--bug NAME]...";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => cmd_run(&args[1..]),
        Some("check") => cmd_check(&args[1..]),
        Some("fuzz") => cmd_fuzz(&args[1..]),
        Some("trace") => cmd_trace(&args[1..]),
        Some("index") => cmd_index(&args[1..]),
        Some("bench") => cmd_bench(&args[1..]),
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

fn flag(fl: &[(String, String)], name: &str) -> Result<Option<u64>, String> {
    match fl.iter().rev().find(|(n, _)| n == name) {
        None => Ok(None),
        Some((_, v)) => v
            .parse::<u64>()
            .map(Some)
            .map_err(|_| format!("--{name} needs a whole number, got {v:?}")),
    }
}

fn load(path: &str) -> Result<Scenario, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    parse(&text).map_err(|e| format!("{path}: {e}"))
}

fn cmd_run(args: &[String]) -> Result<bool, String> {
    let (pos, fl) = flags(args, &["dump-every-ms", "until-ms"])?;
    let [path] = &pos[..] else {
        return Err(format!("run takes one FILE\n{USAGE}"));
    };
    let scn = load(path)?;
    let opts = RunOptions {
        dump_every: flag(&fl, "dump-every-ms")?.map(|n| n.saturating_mul(MS)),
        until: flag(&fl, "until-ms")?.map(|n| n.saturating_mul(MS)),
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
    let (pos, fl) = flags(args, &["until-ms", "lang"])?;
    let [path] = &pos[..] else {
        return Err(format!("trace takes one FILE\n{USAGE}"));
    };
    let scn = load(path)?;
    let lang = match fl.iter().rev().find(|(n, _)| n == "lang") {
        None => Lang::En,
        Some((_, v)) => {
            Lang::parse(v).ok_or_else(|| format!("--lang must be en or zh, got {v:?}"))?
        }
    };
    let until = flag(&fl, "until-ms")?.map(|n| n.saturating_mul(MS));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    trace(&scn, until, lang, |t, text| {
        let _ = writeln!(out, "{:>10.3}  {text}", t as f64 / MS as f64);
    })?;
    let _ = out.flush();
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
    let (pos, fl) = flags(args, &["minutes", "out"])?;
    if !pos.is_empty() {
        return Err(format!("bench takes no positional arguments\n{USAGE}"));
    }
    let minutes = flag(&fl, "minutes")?.unwrap_or(60);
    let scn = benchmark_scenario(minutes);
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
    let v = serde_json::json!({
        "simulated_minutes": minutes,
        "wall_ms": wall.as_millis() as u64,
        "wall_ms_second_run": second.as_millis() as u64,
        "events": st.events,
        "events_per_wall_second": (st.events as f64 / wall.as_secs_f64()) as u64,
        "messages_sent": st.sent,
        "messages_delivered": st.delivered,
        "writes": world.writes().len(),
        "acked": acked,
        "max_term": world.max_live_term(),
        "log_length": world.servers().iter().map(|s| s.node.log().last_index()).max(),
        "violations": outcome.violations.len(),
        "ok": outcome.ok,
    });
    println!("{v}");
    Ok(outcome.ok)
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
    let (pos, fl) = flags(args, &["runs", "duration-ms", "seed", "bug"])?;
    if !pos.is_empty() {
        return Err(format!("fuzz takes no positional arguments\n{USAGE}"));
    }
    let runs = flag(&fl, "runs")?.ok_or("fuzz needs --runs N")?;
    let duration = flag(&fl, "duration-ms")?.ok_or("fuzz needs --duration-ms D")?;
    if duration == 0 || duration > 3_600_000 {
        return Err("--duration-ms must be 1 to 3600000".into());
    }
    let seed0 = flag(&fl, "seed")?.unwrap_or(1);
    let mut bugs = Bugs::default();
    for (name, v) in &fl {
        if name == "bug" && !bugs.set(v, true) {
            return Err(format!(
                "unknown bug {v:?} (known: {})",
                Bugs::NAMES.join(", ")
            ));
        }
    }
    let started = Instant::now();
    let mut failures = 0u64;
    let mut counts = Counts::default();
    for r in 0..runs {
        let seed = seed0.wrapping_add(r);
        let mut scn = random_scenario(seed, duration * MS);
        scn.setup.cluster.options.bugs = bugs;
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
    let summary = serde_json::json!({
        "runs": runs,
        "duration_ms": duration,
        "first_seed": seed0,
        "failures": failures,
        "violations": counts.iter().map(|(i, c)| (i.name().to_string(), serde_json::json!(c))).collect::<serde_json::Map<_, _>>(),
        "wall_ms": started.elapsed().as_millis() as u64,
    });
    println!("{summary}");
    Ok(failures == 0)
}
