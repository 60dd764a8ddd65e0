package dev.remotegpu.examples.cli;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.PublicIpType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads and validates a task file. SnakeYAML Engine composes the YAML 1.2 node tree, in which every key and value
 * keeps its line; each rule below reports the first problem as a {@link TaskFileException} naming the field and
 * that line. Unknown keys are errors too: a misspelt {@code auto_shutdown_hour} must not silently fall back.
 */
final class TaskFileParser {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");
  private static final int MAX_AUTO_SHUTDOWN_HOURS = 168;

  private final Path file;

  private TaskFileParser(Path file) {
    this.file = file;
  }

  /** Parses and validates {@code file}. */
  static TaskFile parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TaskFileException(file, 0, "(file)", "cannot be read: " + e.getMessage());
    }
    return new TaskFileParser(file).read(text);
  }

  private TaskFile read(String text) {
    Node root;
    try {
      root = new Compose(LoadSettings.builder().setLabel(file.getFileName().toString()).build())
          .composeString(text)
          .orElseThrow(() -> new TaskFileException(file, 1, "(document)", "the task file is empty"));
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      throw new TaskFileException(file, line, "(yaml)", "not valid YAML: " + e.getProblem());
    } catch (YamlEngineException e) {
      throw new TaskFileException(file, 0, "(yaml)", "not valid YAML: " + e.getMessage());
    }
    Map<String, NodeTuple> top = mapping(root, "(document)",
        Set.of("name", "machine", "budget", "code", "remote_root", "job", "checkpoints", "verify"));

    String name = string(required(top, root, "name"), "name");
    if (!NAME.matcher(name).matches()) {
      throw error(top.get("name").getValueNode(), "name",
          "must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (got '" + name + "')");
    }

    Node machineNode = required(top, root, "machine");
    Map<String, NodeTuple> machine = mapping(machineNode, "machine",
        Set.of("type", "region", "fallbacks", "auto_shutdown_hours", "public_ip"));
    List<LaunchCandidate> candidates = new ArrayList<>();
    candidates.add(new LaunchCandidate(string(required(machine, machineNode, "type", "machine.type"), "machine.type"),
        string(required(machine, machineNode, "region", "machine.region"), "machine.region")));
    if (machine.containsKey("fallbacks")) {
      Node fallbacks = machine.get("fallbacks").getValueNode();
      if (!(fallbacks instanceof SequenceNode list)) {
        throw error(fallbacks, "machine.fallbacks", "must be a list of {type, region}");
      }
      for (int i = 0; i < list.getValue().size(); i++) {
        String field = "machine.fallbacks[" + i + "]";
        Node entry = list.getValue().get(i);
        Map<String, NodeTuple> fallback = mapping(entry, field, Set.of("type", "region"));
        candidates.add(new LaunchCandidate(string(required(fallback, entry, "type", field + ".type"), field + ".type"),
            string(required(fallback, entry, "region", field + ".region"), field + ".region")));
      }
    }
    Node hoursNode = required(machine, machineNode, "auto_shutdown_hours", "machine.auto_shutdown_hours");
    long hours = wholeNumber(hoursNode, "machine.auto_shutdown_hours");
    if (hours < 1 || hours > MAX_AUTO_SHUTDOWN_HOURS) {
      throw error(hoursNode, "machine.auto_shutdown_hours", "must be a whole number of hours from 1 to "
          + MAX_AUTO_SHUTDOWN_HOURS + " (the timer fires on the wall clock whatever runs, PS2; got " + hours + ")");
    }
    PublicIpType publicIp = PublicIpType.STATIC;
    if (machine.containsKey("public_ip")) {
      Node ipNode = machine.get("public_ip").getValueNode();
      String ip = string(ipNode, "machine.public_ip").toLowerCase(Locale.ROOT);
      if (!ip.equals("static") && !ip.equals("dynamic")) {
        throw error(ipNode, "machine.public_ip", "must be 'static' or 'dynamic' (got '" + ip + "'); a machine"
            + " without a public IP cannot be reached over SSH (PS6)");
      }
      publicIp = PublicIpType.valueOf(ip.toUpperCase(Locale.ROOT));
    }

    Optional<BigDecimal> maxUsd = Optional.empty();
    if (top.containsKey("budget")) {
      Node budgetNode = top.get("budget").getValueNode();
      Map<String, NodeTuple> budget = mapping(budgetNode, "budget", Set.of("max_usd"));
      Node max = required(budget, budgetNode, "max_usd", "budget.max_usd");
      BigDecimal value = decimal(max, "budget.max_usd");
      if (value.signum() <= 0) {
        throw error(max, "budget.max_usd", "must be a positive amount of US dollars (got " + value + ")");
      }
      maxUsd = Optional.of(value);
    }

    Optional<Path> codeDir = Optional.empty();
    if (top.containsKey("code")) {
      Node codeNode = top.get("code").getValueNode();
      Path dir = resolve(string(codeNode, "code"));
      if (!Files.isDirectory(dir)) {
        throw error(codeNode, "code", "must name a local directory to push; " + dir + " is not one");
      }
      codeDir = Optional.of(dir);
    }

    String remoteRoot = "/home/paperspace/remotegpu";
    if (top.containsKey("remote_root")) {
      Node rootNode = top.get("remote_root").getValueNode();
      remoteRoot = string(rootNode, "remote_root");
      if (!remoteRoot.startsWith("/")) {
        throw error(rootNode, "remote_root", "must be an absolute path on the machine (got '" + remoteRoot + "')");
      }
    }

    Node jobNode = required(top, root, "job");
    Map<String, NodeTuple> job = mapping(jobNode, "job", Set.of("command"));
    List<String> command = strings(required(job, jobNode, "command", "job.command"), "job.command");

    String checkpointId = name;
    String pulled = "pulled";
    if (top.containsKey("checkpoints")) {
      Node cpNode = top.get("checkpoints").getValueNode();
      Map<String, NodeTuple> checkpoints = mapping(cpNode, "checkpoints", Set.of("id", "local"));
      if (checkpoints.containsKey("id")) {
        Node idNode = checkpoints.get("id").getValueNode();
        checkpointId = string(idNode, "checkpoints.id");
        if (!NAME.matcher(checkpointId).matches()) {
          throw error(idNode, "checkpoints.id", "must be 1-40 letters, digits, '-' or '_' (got '" + checkpointId
              + "')");
        }
      }
      if (checkpoints.containsKey("local")) {
        pulled = string(checkpoints.get("local").getValueNode(), "checkpoints.local");
      }
    }

    List<String> verifyCommand = List.of();
    String verifyFiles = "*";
    if (top.containsKey("verify")) {
      Node verifyNode = top.get("verify").getValueNode();
      Map<String, NodeTuple> verify = mapping(verifyNode, "verify", Set.of("command", "files"));
      verifyCommand = strings(required(verify, verifyNode, "command", "verify.command"), "verify.command");
      if (verify.containsKey("files")) {
        verifyFiles = string(verify.get("files").getValueNode(), "verify.files");
      }
    }
    return new TaskFile(file, name, candidates, Duration.ofHours(hours), publicIp, maxUsd, codeDir, remoteRoot,
        command, checkpointId, pulled, verifyCommand, verifyFiles);
  }

  private Path resolve(String path) {
    Path base = file.toAbsolutePath().getParent();
    return base.resolve(path).normalize();
  }

  private Map<String, NodeTuple> mapping(Node node, String field, Set<String> allowed) {
    if (!(node instanceof MappingNode map)) {
      throw error(node, field, "must be a mapping of " + String.join(", ", allowed.stream().sorted().toList()));
    }
    Map<String, NodeTuple> keys = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      Node keyNode = tuple.getKeyNode();
      String key = keyNode instanceof ScalarNode scalar ? scalar.getValue() : "?";
      String path = field.equals("(document)") ? key : field + "." + key;
      if (!allowed.contains(key)) {
        throw error(keyNode, path, "unknown field; " + (field.equals("(document)") ? "a task file" : field)
            + " has " + String.join(", ", allowed.stream().sorted().toList()));
      }
      if (keys.put(key, tuple) != null) {
        throw error(keyNode, path, "appears twice");
      }
    }
    return keys;
  }

  private Node required(Map<String, NodeTuple> map, Node parent, String key) {
    return required(map, parent, key, key);
  }

  private Node required(Map<String, NodeTuple> map, Node parent, String key, String field) {
    NodeTuple tuple = map.get(key);
    if (tuple == null) {
      throw error(parent, field, "is required here and missing");
    }
    return tuple.getValueNode();
  }

  private String string(Node node, String field) {
    if (!(node instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
      throw error(node, field, "must be a non-empty text value");
    }
    return scalar.getValue().strip();
  }

  private List<String> strings(Node node, String field) {
    if (!(node instanceof SequenceNode list) || list.getValue().isEmpty()) {
      throw error(node, field, "must be a non-empty list of words, e.g. [python, train.py, --resume-latest]");
    }
    List<String> words = new ArrayList<>();
    for (int i = 0; i < list.getValue().size(); i++) {
      words.add(string(list.getValue().get(i), field + "[" + i + "]"));
    }
    return words;
  }

  private long wholeNumber(Node node, String field) {
    String text = string(node, field);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw error(node, field, "must be a whole number (got '" + text + "')");
    }
  }

  private BigDecimal decimal(Node node, String field) {
    String text = string(node, field);
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw error(node, field, "must be a number (got '" + text + "')");
    }
  }

  private TaskFileException error(Node node, String field, String problem) {
    int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    return new TaskFileException(file, line, field, problem);
  }
}
