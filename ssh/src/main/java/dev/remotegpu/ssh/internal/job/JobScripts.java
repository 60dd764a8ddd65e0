package dev.remotegpu.ssh.internal.job;

/**
 * The POSIX sh scripts behind detached jobs. Each is a constant run as {@code sh -c SCRIPT name args...}:
 * values only ever arrive as positional parameters, so no script is built from job data.
 */
final class JobScripts {
  private JobScripts() {
  }

  /** Returns 0 when "$pid" is alive and is the wrapper of job "$id" (not a recycled pid or a zombie). */
  private static final String ALIVE_FUNCTION = """
      rgpu_alive() {
        kill -0 "$pid" 2>/dev/null || return 1
        [ -d /proc ] || return 0
        tr '\\000' '\\n' < "/proc/$pid/cmdline" 2>/dev/null | grep -qxF "rgpu-job-$id"
      }
      """;

  /**
   * Returns 0 while a launcher of the job dir "$d" other than "$rgpu_self" (unset: any) runs. Each launcher leaves
   * the empty file {@code $d.launching.<its pid>} before it makes the job dir and removes it when it ends; a marker
   * counts while that process is alive and is a launcher of "$d" (its /proc/PID/cmdline holds "$d" as an argument),
   * so a launcher killed on the spot (SIGKILL, a power cut) leaves nothing that counts. No clock is involved.
   */
  private static final String LAUNCHING_FUNCTION = """
      rgpu_launching() {
        for rgpu_m in "$d".launching.*; do
          [ -e "$rgpu_m" ] || continue
          rgpu_lp=${rgpu_m#"$d.launching."}
          case $rgpu_lp in ''|*[!0-9]*) continue ;; esac
          [ "$rgpu_lp" = "${rgpu_self-}" ] && continue
          kill -0 "$rgpu_lp" 2>/dev/null || continue
          [ -d /proc ] || return 0
          tr '\\000' '\\n' < "/proc/$rgpu_lp/cmdline" 2>/dev/null | grep -qxF "$d" && return 0
        done
        return 1
      }
      """;

  /**
   * The job's one decision, the symbolic link {@code $d/decision} whose target is "run" (the wrapper runs the job),
   * "stop" (a stop came first), "gave-up" (the launcher gave up waiting for the wrapper) or "abandoned" (a status
   * read found no pid and the launch over). A link is made atomically with its target and never replaces another,
   * so of a wrapper about to run the job and whoever cancels it, exactly one wins: a job that was cancelled never
   * runs, and a job that runs was never reported cancelled. rgpu_decide returns 0 when its decision won.
   */
  private static final String DECISION_FUNCTIONS = """
      rgpu_decide() { ln -s "$1" "$d/decision" 2>/dev/null; }
      rgpu_decision() { readlink "$d/decision" 2>/dev/null; }
      rgpu_forget_secrets() { rm -f "$d/env" "$d/stdin" "$d/stdin.tmp"; }
      """;

  /**
   * The wrapper that runs the job: records its pid, then decides "run" (see {@link #DECISION_FUNCTIONS}); when a
   * cancel decided first it deletes the job's stored environment and stdin secret unread and ends without running
   * it. Otherwise it runs the job with its log, stdin secret and working directory, forwards SIGTERM/SIGHUP to it,
   * and records its exit code atomically. Its signal trap is set before its pid is written, so a signal before the
   * job started records 143 and the job never runs. The stdin secret is the 0600 file {@code stdin} in the job dir:
   * opened and deleted first (before anything that can fail), then given to the job as its standard input, so it is
   * in no process environment and no file once the job runs. Arguments: $0 = rgpu-job-ID (found again in
   * /proc/PID/cmdline), $1 = job dir, $2 = working dir or "", $3 = log, then the job's argv. Its own variables are
   * named rgpu_*, a prefix {@code JobSpec} reserves, so none of them changes a variable the job is given.
   */
  static final String WRAPPER = """
      rgpu_d=$1; rgpu_w=$2; rgpu_log=$3; shift 3
      rgpu_child=
      rgpu_finish() {
        printf '%s\\n' "$1" > "$rgpu_d/exit_code.tmp" && mv -f "$rgpu_d/exit_code.tmp" "$rgpu_d/exit_code"
        exit "$1"
      }
      rgpu_signalled() {
        if [ -n "$rgpu_child" ]; then kill -TERM "$rgpu_child" 2>/dev/null; return; fi
        rm -f "$rgpu_d/env" "$rgpu_d/stdin"
        rgpu_finish 143
      }
      trap rgpu_signalled TERM INT HUP
      printf '%s\\n' "$$" > "$rgpu_d/pid.tmp" && mv -f "$rgpu_d/pid.tmp" "$rgpu_d/pid"
      # After the pid: whoever cancels decides first and then looks for the pid.
      if ! ln -s run "$rgpu_d/decision" 2>/dev/null; then
        rm -f "$rgpu_d/env" "$rgpu_d/stdin"
        exit 0
      fi
      if [ -n "${RGPU_LOGIN_SHELL+set}" ]; then
        if [ -n "$RGPU_LOGIN_SHELL" ]; then SHELL=$RGPU_LOGIN_SHELL; export SHELL; else unset SHELL; fi
        unset RGPU_LOGIN_SHELL
      fi
      rgpu_env=$(cat "$rgpu_d/env" 2>/dev/null); rm -f "$rgpu_d/env"
      rgpu_in=
      if [ -f "$rgpu_d/stdin" ]; then
        exec 3< "$rgpu_d/stdin" && rm -f "$rgpu_d/stdin" && rgpu_in=1
      fi
      if [ -n "$rgpu_w" ]; then
        cd "$rgpu_w" 2>>"$rgpu_log" \\
          || { printf 'remotegpu: cannot enter working directory %s\\n' "$rgpu_w" >> "$rgpu_log"; rgpu_finish 126; }
      fi
      if [ -n "$rgpu_in" ]; then
        ( eval "$rgpu_env" && exec "$@" ) >> "$rgpu_log" 2>&1 <&3 3<&- &
        rgpu_child=$!
        exec 3<&-
      else
        ( eval "$rgpu_env" && exec "$@" ) >> "$rgpu_log" 2>&1 < /dev/null &
        rgpu_child=$!
      fi
      wait "$rgpu_child"; rgpu_rc=$?
      while kill -0 "$rgpu_child" 2>/dev/null; do wait "$rgpu_child"; rgpu_rc=$?; done
      rgpu_finish "$rgpu_rc"
      """;

  /**
   * Leaves its marker {@code <job dir>.launching.<pid>} (see {@link #LAUNCHING_FUNCTION}), makes the job dir (its
   * {@code mkdir} is the test that no job was started under this id), writes the job's files, reads its input
   * (below), starts the wrapper under tmux or nohup, and waits for the job's decision (see
   * {@link #DECISION_FUNCTIONS}): "run" or "stop" print the id (a stopped job reads EXITED(143)); when no wrapper
   * decided within 15 s it decides "gave-up" itself, deletes the stored secrets, ends what it started and fails. A
   * job dir without a cmd file, while no other launcher of it runs, was left by a launcher killed before it started
   * anything: it is made again (every launcher leaves its marker before its mkdir, so of two launchers there at
   * least one sees the other). Input: a header line "ENV_BYTES HAS_STDIN STDIN_BYTES", then ENV_BYTES of export
   * lines, stored in the 0600 file {@code env} that the wrapper reads and deletes as it starts, then (when HAS_STDIN
   * is 1) the STDIN_BYTES of the stdin secret, stored in the 0600 file {@code stdin} that the wrapper deletes as it
   * starts; input cut short (the connection died mid-upload) starts nothing and leaves the id free (exit 75). The
   * export lines are never evaluated here: the wrapper evaluates them in the job's own subshell just before it execs
   * the job, so a job variable of any name ({@code d}, {@code id}, {@code tmuxcmd}, {@code PATH} ...) changes neither
   * what the launcher and the wrapper run nor tmux's environment. Arguments: $1 = tmux|nohup, $2 = job dir, $3 =
   * job id, $4 = text of the cmd file, $5 = log, $6 = the tmux shell command.
   */
  static final String LAUNCHER = LAUNCHING_FUNCTION + DECISION_FUNCTIONS + """
      d=$2; rgpu_self=$$
      rgpu_mark="$d.launching.$$"
      (umask 077 && : > "$rgpu_mark") || exit 72
      trap 'rm -f "$rgpu_mark"' EXIT
      rgpu_busy() { printf 'remotegpu: job %s is being started already\\n' "$3" >&2; exit 71; }
      rgpu_mkdir() { (umask 077 && mkdir "$d" 2>/dev/null); }
      if ! rgpu_mkdir; then
        [ -d "$d" ] || exit 72
        if [ -e "$d/cmd" ]; then printf 'remotegpu: job directory %s already exists\\n' "$d" >&2; exit 71; fi
        ! rgpu_launching || rgpu_busy
        mv "$d" "$d.stale.$$" 2>/dev/null || rgpu_busy
        rm -rf "$d.stale.$$"
        rgpu_mkdir || rgpu_busy
      fi
      (umask 077 && printf '%s\\n' "$4" > "$d/cmd.tmp" && mv -f "$d/cmd.tmp" "$d/cmd" \\
        && printf '%s\\n' "$1" > "$d/runner" && printf '%s\\n' "$5" > "$d/log_path") || exit 72
      mkdir -p "$(dirname "$5")" && (umask 077 && : >> "$5") \\
        || { printf 'remotegpu: cannot create the log file %s\\n' "$5" >&2; exit 72; }
      rgpu_short() {
        rm -f "$d/env" "$d/stdin.tmp" "$d/cmd"
        printf 'remotegpu: the input of job %s stopped short (the connection was cut); nothing was started\\n' "$3" >&2
        exit 75
      }
      IFS=' ' read -r rgpu_env_bytes rgpu_has_stdin rgpu_stdin_bytes || rgpu_short
      (umask 077 && dd bs=1 count="$rgpu_env_bytes" 2>/dev/null > "$d/env") || exit 72
      [ "$(( $(wc -c < "$d/env") ))" = "$rgpu_env_bytes" ] || rgpu_short
      if [ "$rgpu_has_stdin" = 1 ]; then
        (umask 077 && cat > "$d/stdin.tmp") \\
          || { printf 'remotegpu: cannot store the stdin of job %s\\n' "$3" >&2; exit 72; }
        [ "$(( $(wc -c < "$d/stdin.tmp") ))" = "$rgpu_stdin_bytes" ] || rgpu_short
        mv -f "$d/stdin.tmp" "$d/stdin" || exit 72
      fi
      case $1 in
        tmux)
          RGPU_LOGIN_SHELL=${SHELL-}; export RGPU_LOGIN_SHELL
          SHELL=/bin/sh; export SHELL
          tmux -L "rgpu-$3" -f /dev/null new-session -d -s "rgpu-$3" "$6" || exit 73 ;;
        *)
          if command -v setsid >/dev/null 2>&1; then
            nohup setsid sh "$d/cmd" < /dev/null > /dev/null 2>&1 &
          else
            nohup sh "$d/cmd" < /dev/null > /dev/null 2>&1 &
          fi
          rgpu_bg=$! ;;
      esac
      rgpu_i=0
      while [ ! -L "$d/decision" ]; do
        rgpu_i=$((rgpu_i + 1))
        if [ "$rgpu_i" -gt 300 ]; then
          if rgpu_decide gave-up; then
            # Given up for good: a wrapper that starts later loses the decision and never runs the job.
            rgpu_forget_secrets
            if [ "$1" = tmux ]; then tmux -L "rgpu-$3" kill-server 2>/dev/null; else kill "$rgpu_bg" 2>/dev/null; fi
            printf 'remotegpu: job %s did not start within 15 s\\n' "$3" >&2; exit 74
          fi
          break
        fi
        sleep 0.05 2>/dev/null || sleep 1
      done
      case $(rgpu_decision) in
        run|stop) printf '%s\\n' "$3" ;;
        *) printf 'remotegpu: job %s was given up before it started (%s)\\n' "$3" "$(rgpu_decision)" >&2; exit 74 ;;
      esac
      """;

  /** Prints the login directory and the absolute state directory (created). $1 = state dir. */
  static final String RESOLVE_STATE_DIRECTORY = """
      home=$(pwd -P) || exit 1
      (umask 077 && mkdir -p "$1") && cd "$1" && printf '%s\\n%s\\n' "$home" "$(pwd -P)"
      """;

  /** Prints the absolute state directory if it exists. $1 = state dir. */
  static final String FIND_STATE_DIRECTORY = """
      cd "$1" 2>/dev/null && pwd -P
      """;

  /**
   * Prints UNKNOWN, STARTING, RUNNING, VANISHED or "EXITED code". STARTING: the job has no pid or decision yet and a
   * launcher of it still runs. Once none runs, such a job is decided "abandoned" here (its stored secrets deleted),
   * so VANISHED is final: a wrapper that starts later never runs it. Without even its cmd file it is UNKNOWN.
   * $1 = job dir, $2 = job id.
   */
  static final String STATUS = ALIVE_FUNCTION + LAUNCHING_FUNCTION + DECISION_FUNCTIONS + """
      d=$1; id=$2
      if [ ! -f "$d/cmd" ]; then
        if rgpu_launching; then echo STARTING; else echo UNKNOWN; fi
        exit 0
      fi
      rgpu_read() {
        if [ -f "$d/exit_code" ]; then printf 'EXITED %s\\n' "$(cat "$d/exit_code")"; exit 0; fi
        if [ -s "$d/pid" ]; then
          pid=$(cat "$d/pid")
          if rgpu_alive; then echo RUNNING; exit 0; fi
        fi
        if [ -f "$d/exit_code" ]; then printf 'EXITED %s\\n' "$(cat "$d/exit_code")"; exit 0; fi
      }
      rgpu_read
      if [ ! -L "$d/decision" ]; then
        if rgpu_launching; then echo STARTING; exit 0; fi
        if rgpu_decide abandoned; then rgpu_forget_secrets; echo VANISHED; exit 0; fi
        rgpu_read
      fi
      if [ "$(rgpu_decision)" = stop ]; then echo 'EXITED 143'; exit 0; fi
      echo VANISHED
      """;

  /**
   * Prints the last $2 lines within the last $3 bytes of the job's log (tail seeks: a huge log or a huge line
   * is never read whole). $1 = job dir.
   */
  static final String LOG_TAIL = """
      log=$(cat "$1/log_path") || exit 1
      [ -f "$log" ] || exit 0
      tail -c "$3" "$log" | tail -n "$2"
      """;

  /**
   * SIGTERM to the job's process group, SIGKILL after the grace period (then exit code 137 is recorded
   * for it), and the job's tmux server is ended. A job that has not decided to run yet (its launch under way, or its
   * launcher gone) is decided "stop" first (see {@link #DECISION_FUNCTIONS}): it never runs, its stored secrets are
   * deleted and 143 is recorded at once, so the job has ended when STOP returns. $1 = job dir, $2 = job id, $3 =
   * grace in tenths of a second.
   */
  static final String STOP = ALIVE_FUNCTION + LAUNCHING_FUNCTION + DECISION_FUNCTIONS + """
      d=$1; id=$2; grace=$3
      [ -f "$d/exit_code" ] && exit 0
      i=0
      while [ ! -d "$d" ] && rgpu_launching && [ "$i" -lt 400 ]; do sleep 0.05 2>/dev/null || sleep 1; i=$((i + 1)); done
      [ -d "$d" ] || exit 0
      pid=
      if rgpu_decide stop; then
        rgpu_forget_secrets
        [ -s "$d/pid" ] && pid=$(cat "$d/pid")
        if [ -z "$pid" ] || ! rgpu_alive; then
          printf '143\\n' > "$d/exit_code.tmp" && mv -f "$d/exit_code.tmp" "$d/exit_code"
          tmux -L "rgpu-$id" kill-server 2>/dev/null
          exit 0
        fi
      else
        [ "$(rgpu_decision)" = run ] || exit 0
        [ -s "$d/pid" ] || exit 0
        pid=$(cat "$d/pid")
        rgpu_alive || exit 0
      fi
      kill -s TERM -- "-$pid" 2>/dev/null || kill -s TERM "$pid" 2>/dev/null
      i=0
      while [ ! -f "$d/exit_code" ] && [ "$i" -lt "$grace" ]; do
        sleep 0.1 2>/dev/null || sleep 1
        i=$((i + 1))
      done
      if [ ! -f "$d/exit_code" ]; then
        kill -s KILL -- "-$pid" 2>/dev/null || kill -s KILL "$pid" 2>/dev/null
        printf '137\\n' > "$d/exit_code.tmp" && mv -f "$d/exit_code.tmp" "$d/exit_code"
      fi
      tmux -L "rgpu-$id" kill-server 2>/dev/null
      exit 0
      """;
}
