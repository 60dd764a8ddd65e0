package dev.remotegpu.paperspace.profile.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;

/**
 * Turns gotcha text and user queries into the same terms: apostrophes dropped ("won't" is "wont"), a number
 * split from its unit ("12h" is "12 h"), standard tokens, lower case, Porter stems, then the synonym rules
 * (one concept term per idea, numbers in words as digits), then stop words. Index and query use the same
 * chain, so a rule written once joins both sides; the index side flattens the synonym graph. Without a synonym
 * map the analyzer is the stemming chain alone, which reads the rules.
 */
final class GotchaAnalyzer extends Analyzer {

  private static final String SYNONYMS = "gotcha-synonyms.txt";
  private static final Pattern APOSTROPHE = Pattern.compile("(?<=\\p{L})['\u2019](?=\\p{L})");
  private static final Pattern NUMBER_UNIT = Pattern.compile("(?<=\\b\\d{1,6})(?=[a-zA-Z]+\\b)");
  private static final String[] UNITS = {"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
      "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
      "ninety"};
  /** Words that say nothing about which gotcha is meant, on top of Lucene's English stop words. */
  private static final List<String> EXTRA_STOP_WORDS = List.of("i", "me", "my", "mine", "myself", "we", "our",
      "you", "your", "its", "im", "ive", "id", "am", "been", "being", "were", "has", "have", "had", "having", "do",
      "does", "did", "doing", "done", "how", "what", "when", "where", "which", "who", "whom", "why", "can", "cant",
      "could", "should", "would", "just", "so", "even", "also", "very", "really", "like", "some", "any", "all",
      "every", "each", "again", "still", "now", "get", "gets", "got", "getting", "from", "about", "up", "over",
      "after", "before", "yet", "too", "he", "she", "him", "her", "his", "them", "us", "here", "wtf", "pls",
      "please", "help", "anyone", "thing", "things", "stuff", "something", "anything", "everything", "time", "times",
      "today", "yesterday", "didnt", "doesnt", "dont", "isnt", "wasnt", "arent", "wont", "theres", "thats", "whats",
      "keep", "keeps", "kept", "tried", "try", "trying", "see", "seems", "says", "said", "make", "made", "way",
      "one", "use", "using", "used", "want", "need", "needs", "know", "think", "thought", "able", "ago", "only",
      "same", "there", "than", "while", "go", "goes", "going", "went", "because", "since", "though", "although",
      "anymore", "ok", "okay", "hey", "hi", "guys", "idk", "tho", "u", "ur");

  private final SynonymMap synonyms;
  private final CharArraySet stopStems;
  private final boolean forIndex;

  private GotchaAnalyzer(SynonymMap synonyms, CharArraySet stopStems, boolean forIndex) {
    this.synonyms = synonyms;
    this.stopStems = stopStems;
    this.forIndex = forIndex;
  }

  /** The analyzer pair: {@code [0]} for the gotcha text (flattened graph), {@code [1]} for queries. */
  static GotchaAnalyzer[] create() {
    SynonymMap map = synonymMap();
    CharArraySet stops = stopStems();
    return new GotchaAnalyzer[] {new GotchaAnalyzer(map, stops, true), new GotchaAnalyzer(map, stops, false)};
  }

  @Override
  protected Reader initReader(String fieldName, Reader reader) {
    return new PatternReplaceCharFilter(NUMBER_UNIT, " ", new PatternReplaceCharFilter(APOSTROPHE, "", reader));
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer tokenizer = new StandardTokenizer();
    TokenStream stream = new PorterStemFilter(new LowerCaseFilter(tokenizer));
    if (synonyms == null) {
      return new TokenStreamComponents(tokenizer, stream);
    }
    stream = new SynonymGraphFilter(stream, synonyms, true);
    if (forIndex) {
      stream = new FlattenGraphFilter(stream);
    }
    return new TokenStreamComponents(tokenizer, new StopFilter(stream, stopStems));
  }

  /** The stemming part of the chain alone (no synonyms, no stop words): the rules are read with it. */
  static Analyzer stemmer() {
    return ruleAnalyzer();
  }

  /** The chain the synonym rules are read with: everything before the synonym filter. */
  private static Analyzer ruleAnalyzer() {
    return new GotchaAnalyzer(null, null, false);
  }

  private static String rulesText() {
    StringBuilder rules = new StringBuilder();
    try (InputStream in = GotchaAnalyzer.class.getResourceAsStream(SYNONYMS)) {
      if (in == null) {
        throw new IllegalStateException("synonym rules " + SYNONYMS + " missing from the class path");
      }
      rules.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read synonym rules " + SYNONYMS, e);
    }
    numberWords().forEach(rule -> rules.append(rule).append('\n'));
    return rules.toString();
  }

  private static SynonymMap synonymMap() {
    String rules = rulesText();
    try (Analyzer ruleAnalyzer = ruleAnalyzer()) {
      SolrSynonymParser parser = new SolrSynonymParser(true, false, ruleAnalyzer);
      parser.parse(new StringReader(rules));
      return parser.build();
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("synonym rules " + SYNONYMS + " do not parse: " + e.getMessage(), e);
    }
  }

  /**
   * The concept names as the rules write them, by the term they analyse to ("space_ful" -> "space_full"), so
   * explanations show the written name.
   */
  static java.util.Map<String, String> conceptNames() {
    java.util.Map<String, String> names = new java.util.HashMap<>();
    java.util.regex.Matcher matcher = Pattern.compile("=>\\s*(\\S+)\\s*$", Pattern.MULTILINE).matcher(rulesText());
    try (Analyzer stemmer = ruleAnalyzer()) {
      while (matcher.find()) {
        List<String> terms = terms(stemmer, matcher.group(1));
        if (terms.size() == 1 && !terms.get(0).equals(matcher.group(1))) {
          names.put(terms.get(0), matcher.group(1));
        }
      }
    }
    return java.util.Map.copyOf(names);
  }

  /** Whether {@code word} (lower case) is a stop word: known, but never a spelling correction's target. */
  static boolean isStopWord(String word) {
    return EXTRA_STOP_WORDS.contains(word) || EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.contains(word);
  }

  /** Every word the synonym rules use (left and right of "=>"), lower case, for spelling correction. */
  static java.util.Set<String> ruleWords() {
    java.util.Set<String> words = new java.util.TreeSet<>();
    java.util.regex.Matcher matcher = Pattern.compile("\\p{L}+").matcher(
        rulesText().replaceAll("(?m)^#.*$", "").toLowerCase(java.util.Locale.ROOT));
    while (matcher.find()) {
      words.add(matcher.group());
    }
    words.addAll(EXTRA_STOP_WORDS);
    EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.forEach(word -> words.add(new String((char[]) word)));
    return words;
  }

  /** "two => 2" ... "ninety nine => 99", "hundred => 100"; "one" stays a word (it is rarely a count). */
  static List<String> numberWords() {
    List<String> rules = new ArrayList<>();
    for (int n = 2; n < 100; n++) {
      String words = n < 20 ? UNITS[n] : TENS[n / 10] + (n % 10 == 0 ? "" : " " + UNITS[n % 10]);
      rules.add(words + " => " + n);
    }
    rules.add("hundred, a hundred, one hundred => 100");
    return rules;
  }

  private static CharArraySet stopStems() {
    CharArraySet stems = new CharArraySet(200, true);
    List<String> words = new ArrayList<>(EXTRA_STOP_WORDS);
    EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.forEach(word -> words.add(new String((char[]) word)));
    try (Analyzer stemmer = ruleAnalyzer()) {
      for (String word : words) {
        stems.addAll(terms(stemmer, word));
      }
    }
    return stems;
  }

  /** The terms {@code analyzer} makes of {@code text}, in order. */
  static List<String> terms(Analyzer analyzer, String text) {
    List<String> terms = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream("", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        terms.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return terms;
  }
}
