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
   * The wrapper that runs the job: records its pid, runs the job with its log, stdin secret and working
   * directory, forwards SIGTERM/SIGHUP to it, and records its exit code atomically. Arguments: $0 =
   * rgpu-job-ID (found again in /proc/PID/cmdline), $1 = job dir, $2 = working dir or "", $3 = log, then
   * the job's argv.
   */
  static final String WRAPPER = """
      d=$1; w=$2; log=$3; shift 3
      printf '%s\\n' "$$" > "$d/pid.tmp" && mv -f "$d/pid.tmp" "$d/pid"
      if [ -n "${RGPU_LOGIN_SHELL+set}" ]; then
        if [ -n "$RGPU_LOGIN_SHELL" ]; then SHELL=$RGPU_LOGIN_SHELL; export SHELL; else unset SHELL; fi
        unset RGPU_LOGIN_SHELL
      fi
      rgpu_has_stdin=${RGPU_JOB_STDIN+set}
      rgpu_stdin=${RGPU_JOB_STDIN-}
      unset RGPU_JOB_STDIN
      rgpu_finish() {
        printf '%s\\n' "$1" > "$d/exit_code.tmp" && mv -f "$d/exit_code.tmp" "$d/exit_code"
        exit "$1"
      }
      rgpu_child=
      trap '[ -n "$rgpu_child" ] && kill -TERM "$rgpu_child" 2>/dev/null' TERM INT HUP
      if [ -n "$w" ]; then
        cd "$w" 2>>"$log" || { printf 'remotegpu: cannot enter working directory %s\\n' "$w" >> "$log"; rgpu_finish 126; }
      fi
      if [ -n "$rgpu_has_stdin" ]; then
        printf '%s' "$rgpu_stdin" | "$@" >> "$log" 2>&1 &
      else
        "$@" >> "$log" 2>&1 < /dev/null &
      fi
      rgpu_child=$!
      rgpu_stdin=
      wait "$rgpu_child"; rgpu_rc=$?
      while kill -0 "$rgpu_child" 2>/dev/null; do wait "$rgpu_child"; rgpu_rc=$?; done
      rgpu_finish "$rgpu_rc"
      """;

  /**
   * Creates the job dir and its files, reads the environment (export lines) from stdin without writing
   * it anywhere, starts the wrapper under tmux or nohup, and waits until the wrapper recorded its pid.
   * Arguments: $1 = tmux|nohup, $2 = job dir, $3 = job id, $4 = text of the cmd file, $5 = log, $6 = the
   * tmux shell command.
   */
  static final String LAUNCHER = """
      mode=$1; d=$2; id=$3; cmdtext=$4; log=$5; tmuxcmd=$6
      if [ -e "$d" ]; then printf 'remotegpu: job directory %s already exists\\n' "$d" >&2; exit 71; fi
      (umask 077 && mkdir -p "$d") || exit 72
      (umask 077 && printf '%s\\n' "$cmdtext" > "$d/cmd.tmp" && mv -f "$d/cmd.tmp" "$d/cmd" \\
        && printf '%s\\n' "$mode" > "$d/runner" && printf '%s\\n' "$log" > "$d/log_path") || exit 72
      mkdir -p "$(dirname "$log")" && (umask 077 && : >> "$log") \\
        || { printf 'remotegpu: cannot create the log file %s\\n' "$log" >&2; exit 72; }
      rgpu_env=$(cat)
      eval "$rgpu_env"
      rgpu_env=
      case $mode in
        tmux)
          RGPU_LOGIN_SHELL=${SHELL-}; export RGPU_LOGIN_SHELL
          SHELL=/bin/sh; export SHELL
          tmux -L "rgpu-$id" -f /dev/null new-session -d -s "rgpu-$id" "$tmuxcmd" || exit 73 ;;
        *)
          if command -v setsid >/dev/null 2>&1; then
            nohup setsid sh "$d/cmd" < /dev/null > /dev/null 2>&1 &
          else
            nohup sh "$d/cmd" < /dev/null > /dev/null 2>&1 &
          fi ;;
      esac
      i=0
      while [ ! -s "$d/pid" ] && [ ! -f "$d/exit_code" ]; do
        i=$((i + 1))
        if [ "$i" -gt 300 ]; then printf 'remotegpu: job %s did not start within 15 s\\n' "$id" >&2; exit 74; fi
        sleep 0.05 2>/dev/null || sleep 1
      done
      printf '%s\\n' "$id"
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

  /** Prints UNKNOWN, RUNNING, VANISHED or "EXITED code". $1 = job dir, $2 = job id. */
  static final String STATUS = ALIVE_FUNCTION + """
      d=$1; id=$2
      if [ ! -f "$d/cmd" ]; then echo UNKNOWN; exit 0; fi
      if [ -f "$d/exit_code" ]; then printf 'EXITED %s\\n' "$(cat "$d/exit_code")"; exit 0; fi
      if [ -s "$d/pid" ]; then
        pid=$(cat "$d/pid")
        if rgpu_alive; then echo RUNNING; exit 0; fi
      fi
      if [ -f "$d/exit_code" ]; then printf 'EXITED %s\\n' "$(cat "$d/exit_code")"; exit 0; fi
      echo VANISHED
      """;

  /** Prints the last $2 lines of the job's log. $1 = job dir. */
  static final String LOG_TAIL = """
      log=$(cat "$1/log_path") || exit 1
      [ -f "$log" ] || exit 0
      tail -n "$2" "$log"
      """;

  /**
   * SIGTERM to the job's process group, SIGKILL after the grace period (then exit code 137 is recorded
   * for it), and the job's tmux server is ended. $1 = job dir, $2 = job id, $3 = grace in tenths of a second.
   */
  static final String STOP = ALIVE_FUNCTION + """
      d=$1; id=$2; grace=$3
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
