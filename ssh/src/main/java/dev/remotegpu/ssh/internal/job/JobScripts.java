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
   * Returns 0 while the launcher of the job dir "$d" is under way: the file {@code $d.launching} names its pid (the
   * launcher writes it before anything else), and that process is alive and is the launcher of "$d" (its
   * /proc/PID/cmdline holds "$d" as an argument). No clock is involved: a launch is under way exactly as long as
   * its launcher runs.
   */
  private static final String LAUNCHING_FUNCTION = """
      rgpu_launching() {
        rgpu_lp=$(cat "$d.launching" 2>/dev/null) || return 1
        case $rgpu_lp in ''|*[!0-9]*) return 1 ;; esac
        kill -0 "$rgpu_lp" 2>/dev/null || return 1
        [ -d /proc ] || return 0
        tr '\\000' '\\n' < "/proc/$rgpu_lp/cmdline" 2>/dev/null | grep -qxF "$d"
      }
      """;

  /**
   * The wrapper that runs the job: records its pid, runs the job with its log, stdin secret and working
   * directory, forwards SIGTERM/SIGHUP to it, and records its exit code atomically. It does not run the job when
   * {@code <job dir>/cancelled} says a stop came during the launch (exit code 143) or the launcher gave up (no exit
   * code). Its signal trap is set before its pid is written, so a stop that finds the pid and signals the wrapper
   * before the job runs also ends with 143 and the job never run. The stdin secret is the 0600 file {@code stdin} in
   * the job dir: opened and deleted first (before anything that can fail), then given to the job as its standard
   * input, so it is in no process environment and no file once the job runs; a cancelled job's secrets are deleted
   * unread. Arguments: $0 = rgpu-job-ID (found again in /proc/PID/cmdline), $1 = job dir, $2 = working dir or "",
   * $3 = log, then the job's argv. Its own variables are named rgpu_*, a prefix {@code JobSpec} reserves, so none of
   * them changes a variable the job is given.
   */
  static final String WRAPPER = """
      rgpu_d=$1; rgpu_w=$2; rgpu_log=$3; shift 3
      rgpu_child=
      rgpu_finish() {
        printf '%s\\n' "$1" > "$rgpu_d/exit_code.tmp" && mv -f "$rgpu_d/exit_code.tmp" "$rgpu_d/exit_code"
        exit "$1"
      }
      rgpu_never_run() {
        rm -f "$rgpu_d/env" "$rgpu_d/stdin"
        [ "$1" = gave-up ] && exit 0
        rgpu_finish 143
      }
      rgpu_signalled() {
        if [ -n "$rgpu_child" ]; then kill -TERM "$rgpu_child" 2>/dev/null; else rgpu_never_run stop; fi
      }
      trap rgpu_signalled TERM INT HUP
      printf '%s\\n' "$$" > "$rgpu_d/pid.tmp" && mv -f "$rgpu_d/pid.tmp" "$rgpu_d/pid"
      # Read after the pid is written, with the shell's own read: a stop writes the cancel before it looks for the
      # pid, so one of the two sees the other.
      rgpu_cancel=
      if [ -f "$rgpu_d/cancelled" ]; then read -r rgpu_cancel < "$rgpu_d/cancelled" || :; fi
      case $rgpu_cancel in stop|gave-up) rgpu_never_run "$rgpu_cancel" ;; esac
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
   * Writes its pid to {@code <job dir>.launching} (created exclusively: with the job dir's {@code mkdir} after it,
   * the test that no job was started under this id; removed when the launcher ends, so a status read meanwhile
   * says STARTING, not VANISHED or UNKNOWN), creates the job dir and the job's files, reads its input (below), starts
   * the wrapper under tmux or nohup, and waits until the wrapper recorded its pid; when it gives up (15 s), it ends
   * what it started and leaves {@code <job dir>/cancelled}, so the job never runs late. A launcher killed before it
   * could clean up (SIGKILL, a power cut) does not make the id unusable: its marker, whose launcher is gone, is taken
   * over (renamed away atomically, so of two launchers only one takes it), and a job dir it left without a cmd file
   * (no job was ever started in it) is made again. Input: a header line "ENV_BYTES HAS_STDIN", then ENV_BYTES of
   * export lines, stored in the 0600 file {@code env} that the wrapper reads and deletes as it starts, then (when
   * HAS_STDIN is 1) the stdin secret to its end, stored in the 0600 file {@code stdin} that the wrapper deletes as it
   * starts. The export lines are never evaluated here: the wrapper evaluates them in the job's own subshell just
   * before it execs the job, so a job variable of any name ({@code d}, {@code id}, {@code tmuxcmd}, {@code PATH} ...)
   * changes neither what the launcher and the wrapper run nor tmux's environment. Arguments: $1 = tmux|nohup, $2 =
   * job dir, $3 = job id, $4 = text of the cmd file, $5 = log, $6 = the tmux shell command.
   */
  static final String LAUNCHER = LAUNCHING_FUNCTION + """
      d=$2
      rgpu_claim() { (set -C; umask 077; printf '%s\\n' "$$" > "$d.launching") 2>/dev/null; }
      rgpu_busy() { printf 'remotegpu: job %s is being started already\\n' "$3" >&2; exit 71; }
      if ! rgpu_claim; then
        [ -e "$d.launching" ] || exit 72
        if ! rgpu_launching; then
          # An empty marker is a launcher between creating it and writing its pid: give it a moment.
          [ -n "$rgpu_lp" ] || { sleep 1; ! rgpu_launching || rgpu_busy; }
          rgpu_gone=$rgpu_lp
          mv -f "$d.launching" "$d.launching.$$" 2>/dev/null || rgpu_busy
          rgpu_moved=$(cat "$d.launching.$$" 2>/dev/null)
          if [ "$rgpu_moved" != "$rgpu_gone" ]; then
            ln "$d.launching.$$" "$d.launching" 2>/dev/null; rm -f "$d.launching.$$"; rgpu_busy
          fi
          rm -f "$d.launching.$$"
          rgpu_claim || rgpu_busy
        else
          rgpu_busy
        fi
      fi
      trap 'rm -f "$d.launching"' EXIT
      rgpu_mkdir() { (umask 077 && mkdir "$d" 2>/dev/null); }
      if ! rgpu_mkdir; then
        if [ -d "$d" ] && [ ! -e "$d/cmd" ]; then
          rm -f "$d/cmd.tmp" "$d/cancelled" "$d/cancelled.tmp" && rmdir "$d" 2>/dev/null && rgpu_mkdir
        else
          false
        fi || {
          if [ -e "$d" ]; then printf 'remotegpu: job directory %s already exists\\n' "$d" >&2; exit 71; fi
          exit 72
        }
      fi
      (umask 077 && printf '%s\\n' "$4" > "$d/cmd.tmp" && mv -f "$d/cmd.tmp" "$d/cmd" \\
        && printf '%s\\n' "$1" > "$d/runner" && printf '%s\\n' "$5" > "$d/log_path") || exit 72
      mkdir -p "$(dirname "$5")" && (umask 077 && : >> "$5") \\
        || { printf 'remotegpu: cannot create the log file %s\\n' "$5" >&2; exit 72; }
      IFS=' ' read -r rgpu_env_bytes rgpu_has_stdin || exit 75
      (umask 077 && dd bs=1 count="$rgpu_env_bytes" 2>/dev/null > "$d/env") || exit 72
      if [ "$rgpu_has_stdin" = 1 ]; then
        (umask 077 && cat > "$d/stdin.tmp" && mv -f "$d/stdin.tmp" "$d/stdin") \\
          || { printf 'remotegpu: cannot store the stdin of job %s\\n' "$3" >&2; exit 72; }
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
      while [ ! -s "$d/pid" ] && [ ! -f "$d/exit_code" ]; do
        rgpu_i=$((rgpu_i + 1))
        if [ "$rgpu_i" -gt 300 ]; then
          # Give up for good: a wrapper that starts later finds the file and does not run the job.
          printf 'gave-up\\n' > "$d/cancelled.tmp" && mv -f "$d/cancelled.tmp" "$d/cancelled"
          if [ "$1" = tmux ]; then tmux -L "rgpu-$3" kill-server 2>/dev/null; else kill "$rgpu_bg" 2>/dev/null; fi
          printf 'remotegpu: job %s did not start within 15 s\\n' "$3" >&2; exit 74
        fi
        sleep 0.05 2>/dev/null || sleep 1
      done
      printf '%s\\n' "$3"
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
   * Prints UNKNOWN, STARTING, RUNNING, VANISHED or "EXITED code". STARTING: the job has no pid or exit code yet and
   * its launcher still runs; once the launcher is gone, such a job is VANISHED (or UNKNOWN, without even its cmd
   * file). $1 = job dir, $2 = job id.
   */
  static final String STATUS = ALIVE_FUNCTION + LAUNCHING_FUNCTION + """
      d=$1; id=$2
      if [ ! -f "$d/cmd" ]; then
        if rgpu_launching; then echo STARTING; else echo UNKNOWN; fi
        exit 0
      fi
      if [ -f "$d/exit_code" ]; then printf 'EXITED %s\\n' "$(cat "$d/exit_code")"; exit 0; fi
      if [ -s "$d/pid" ]; then
        pid=$(cat "$d/pid")
        if rgpu_alive; then echo RUNNING; exit 0; fi
      fi
      if [ -f "$d/exit_code" ]; then printf 'EXITED %s\\n' "$(cat "$d/exit_code")"; exit 0; fi
      if [ ! -s "$d/pid" ] && rgpu_launching; then echo STARTING; exit 0; fi
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
   * for it), and the job's tmux server is ended. A job whose launch is under way is cancelled first and then waited
   * for: its wrapper records 143 without running it (or, having run it already, is stopped as above), so the job
   * has ended when STOP returns. $1 = job dir, $2 = job id, $3 = grace in tenths of a second.
   */
  static final String STOP = ALIVE_FUNCTION + LAUNCHING_FUNCTION + """
      d=$1; id=$2; grace=$3
      [ -f "$d/exit_code" ] && exit 0
      if [ ! -s "$d/pid" ]; then
        # The cancel is written before the pid is looked for again, and the wrapper writes its pid before it reads
        # the cancel: one of the two sees the other, so the job either never runs or is stopped below.
        i=0
        while [ ! -d "$d" ] && rgpu_launching && [ "$i" -lt 400 ]; do sleep 0.05 2>/dev/null || sleep 1; i=$((i + 1)); done
        [ -d "$d" ] || exit 0
        printf 'stop\\n' > "$d/cancelled.tmp" && mv -f "$d/cancelled.tmp" "$d/cancelled"
        i=0
        while [ ! -f "$d/exit_code" ] && [ ! -s "$d/pid" ] && rgpu_launching && [ "$i" -lt 400 ]; do
          sleep 0.05 2>/dev/null || sleep 1
          i=$((i + 1))
        done
      fi
      [ -f "$d/exit_code" ] && exit 0
      [ -s "$d/pid" ] || exit 0
      pid=$(cat "$d/pid")
      rgpu_alive || exit 0
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
