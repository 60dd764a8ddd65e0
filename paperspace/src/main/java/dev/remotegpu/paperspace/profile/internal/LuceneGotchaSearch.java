package dev.remotegpu.paperspace.profile.internal;

import dev.remotegpu.core.profile.Gotcha;
import dev.remotegpu.core.profile.GotchaField;
import dev.remotegpu.core.profile.GotchaMatch;
import dev.remotegpu.core.profile.GotchaSearchResult;
import dev.remotegpu.core.profile.MatchedTerm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Gotcha search on Apache Lucene: every gotcha is a document in an in-memory index, one field per part
 * (id, the words users type, title, symptom, root cause, fix, diagnostics), analysed by {@link GotchaAnalyzer}
 * and ranked by BM25 with a boost per field. Each query term scores in the field where it counts most (plus a
 * little for the others), so a word found in a symptom outweighs the same word in a fix. A query word the
 * gotchas never use is corrected to the nearest word they do use (one edit, two for long words) before
 * analysis, and counts {@value #CORRECTED_WEIGHT} as much (the correction is a guess). Thread-safe once built.
 */
public final class LuceneGotchaSearch {

  /**
   * The score a best match must reach to be a confident answer: the off-topic queries of the tests score 0.55 at
   * most, the lowest right answer of the evaluation set 1.50 (see the README).
   */
  public static final double CONFIDENT_SCORE = 1.2;
  /** A match stays in the list when it scores at least this share of the best match. */
  static final double RELATIVE_CUT_OFF = 0.25;
  /** A term from a corrected word counts this much: the correction is a guess. */
  private static final float CORRECTED_WEIGHT = 0.6f;
  private static final float TIE_BREAKER = 0.2f;
  private static final Map<GotchaField, Float> BOOSTS = new EnumMap<>(Map.of(
      GotchaField.ID, 10f,
      GotchaField.KEYWORDS, 1.6f,
      GotchaField.TITLE, 1.4f,
      GotchaField.SYMPTOM, 1.4f,
      GotchaField.ROOT_CAUSE, 1.0f,
      GotchaField.FIX, 0.5f,
      GotchaField.DIAGNOSTICS, 0.4f));
  private static final Pattern WORD = Pattern.compile("\\p{L}+");
  private static final String ORDER = "order";

  private final List<Gotcha> gotchas;
  private final GotchaAnalyzer queryAnalyzer;
  private final IndexSearcher searcher;
  private final Set<String> vocabulary;
  private final Set<String> knownStems;
  private final Analyzer stemmer = GotchaAnalyzer.stemmer();
  private final Map<String, String> conceptNames = GotchaAnalyzer.conceptNames();

  private LuceneGotchaSearch(List<Gotcha> gotchas, GotchaAnalyzer queryAnalyzer, IndexSearcher searcher,
      Set<String> vocabulary) {
    this.gotchas = gotchas;
    this.queryAnalyzer = queryAnalyzer;
    this.searcher = searcher;
    this.vocabulary = vocabulary;
    this.knownStems = new HashSet<>();
    vocabulary.forEach(word -> knownStems.addAll(GotchaAnalyzer.terms(stemmer, word)));
  }

  /** Indexes {@code gotchas} in memory; the order breaks ties between equal scores. */
  public static LuceneGotchaSearch of(List<Gotcha> gotchas) {
    List<Gotcha> copy = List.copyOf(Objects.requireNonNull(gotchas, "gotchas"));
    GotchaAnalyzer[] analyzers = GotchaAnalyzer.create();
    ByteBuffersDirectory directory = new ByteBuffersDirectory();
    try (IndexWriter writer = new IndexWriter(directory,
        new IndexWriterConfig(analyzers[0]).setSimilarity(new BM25Similarity()))) {
      for (int i = 0; i < copy.size(); i++) {
        writer.addDocument(document(copy.get(i), i));
      }
      writer.forceMerge(1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot index the gotchas in memory", e);
    }
    try {
      IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(directory));
      searcher.setSimilarity(new BM25Similarity());
      return new LuceneGotchaSearch(copy, analyzers[1], searcher, vocabulary(copy));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the in-memory gotcha index", e);
    }
  }

  private static Document document(Gotcha gotcha, int order) {
    Document doc = new Document();
    doc.add(new StoredField(ORDER, order));
    for (GotchaField field : GotchaField.values()) {
      doc.add(new TextField(name(field), text(gotcha, field), Field.Store.NO));
    }
    return doc;
  }

  private static String text(Gotcha gotcha, GotchaField field) {
    return switch (field) {
      case ID -> gotcha.id();
      case KEYWORDS -> String.join(". ", gotcha.keywords());
      case TITLE -> gotcha.title();
      case SYMPTOM -> gotcha.symptom();
      case ROOT_CAUSE -> gotcha.rootCause();
      case FIX -> gotcha.fix();
      case DIAGNOSTICS -> String.join(". ", gotcha.diagnostics());
    };
  }

  private static String name(GotchaField field) {
    return field.name().toLowerCase(Locale.ROOT);
  }

  /** Ranks the gotchas for {@code query}; see {@link GotchaSearchResult}. */
  public GotchaSearchResult search(String query) {
    Objects.requireNonNull(query, "query");
    Map<String, String> corrections = new LinkedHashMap<>();
    List<int[]> correctedSpans = new ArrayList<>();
    String corrected = correctSpelling(query, corrections, correctedSpans);
    Set<String> guessedTerms = new HashSet<>();
    Map<String, String> wordsByTerm = analyse(corrected, correctedSpans, guessedTerms);
    if (wordsByTerm.isEmpty()) {
      return new GotchaSearchResult(query, List.of(), CONFIDENT_SCORE, false, corrections);
    }
    BooleanQuery.Builder builder = new BooleanQuery.Builder();
    for (String term : wordsByTerm.keySet()) {
      List<Query> perField = new ArrayList<>();
      for (GotchaField field : GotchaField.values()) {
        perField.add(clause(field, term));
      }
      Query termQuery = new DisjunctionMaxQuery(perField, TIE_BREAKER);
      builder.add(guessedTerms.contains(term) ? new BoostQuery(termQuery, CORRECTED_WEIGHT) : termQuery,
          BooleanClause.Occur.SHOULD);
    }
    try {
      ScoreDoc[] hits = searcher.search(builder.build(), Math.max(1, gotchas.size())).scoreDocs;
      List<GotchaMatch> matches = new ArrayList<>();
      Map<Integer, List<MatchedTerm>> matched = matchedTerms(hits, wordsByTerm, guessedTerms);
      for (ScoreDoc hit : hits) {
        int order = searcher.storedFields().document(hit.doc).getField(ORDER).numericValue().intValue();
        matches.add(new GotchaMatch(gotchas.get(order), hit.score, matched.get(hit.doc)));
      }
      matches.sort(Comparator.comparingDouble(GotchaMatch::score).reversed()
          .thenComparingInt(m -> gotchas.indexOf(m.gotcha())));
      double best = matches.isEmpty() ? 0 : matches.get(0).score();
      List<GotchaMatch> kept = matches.stream().filter(m -> m.score() >= best * RELATIVE_CUT_OFF).toList();
      return new GotchaSearchResult(query, kept, CONFIDENT_SCORE, best >= CONFIDENT_SCORE, corrections);
    } catch (IOException e) {
      throw new UncheckedIOException("gotcha search failed on the in-memory index for \"" + query + "\"", e);
    }
  }

  private static Query clause(GotchaField field, String term) {
    return new BoostQuery(new TermQuery(new Term(name(field), term)), BOOSTS.get(field));
  }

  /** What each query term added to each hit's score, field by field, strongest first; they sum to the score. */
  private Map<Integer, List<MatchedTerm>> matchedTerms(ScoreDoc[] hits, Map<String, String> wordsByTerm,
      Set<String> guessedTerms) throws IOException {
    Map<Integer, List<MatchedTerm>> byDoc = new HashMap<>();
    for (ScoreDoc hit : hits) {
      byDoc.put(hit.doc, new ArrayList<>());
    }
    LeafReaderContext leaf = searcher.getIndexReader().leaves().get(0);
    for (Map.Entry<String, String> entry : wordsByTerm.entrySet()) {
      double weight = guessedTerms.contains(entry.getKey()) ? CORRECTED_WEIGHT : 1;
      Map<Integer, List<MatchedTerm>> termByDoc = new HashMap<>();
      for (GotchaField field : GotchaField.values()) {
        Term term = new Term(name(field), entry.getKey());
        if (searcher.getIndexReader().docFreq(term) == 0) {
          continue;
        }
        Weight clause = searcher.createWeight(searcher.rewrite(clause(field, entry.getKey())), ScoreMode.COMPLETE, 1);
        for (ScoreDoc hit : hits) {
          Explanation explanation = clause.explain(leaf, hit.doc - leaf.docBase);
          if (explanation.isMatch() && explanation.getValue().doubleValue() > 0) {
            termByDoc.computeIfAbsent(hit.doc, d -> new ArrayList<>()).add(new MatchedTerm(field, entry.getValue(),
                conceptNames.getOrDefault(entry.getKey(), entry.getKey()),
                weight * explanation.getValue().doubleValue()));
          }
        }
      }
      // as the disjunction scores it: the term's best field in full, the other fields at the tie-breaker's share
      termByDoc.forEach((doc, fields) -> {
        double top = fields.stream().mapToDouble(MatchedTerm::score).max().orElse(0);
        boolean topTaken = false;
        for (MatchedTerm field : fields) {
          boolean isTop = !topTaken && field.score() == top;
          topTaken |= isTop;
          byDoc.get(doc).add(isTop ? field : new MatchedTerm(field.field(), field.queryWords(), field.term(),
              TIE_BREAKER * field.score()));
        }
      });
    }
    byDoc.values().forEach(list -> list.sort(Comparator.comparingDouble(MatchedTerm::score).reversed()));
    return byDoc;
  }

  /** The query's terms, each with the words of the query it came from (first occurrence), in query order. */
  private Map<String, String> analyse(String query, List<int[]> correctedSpans, Set<String> guessedTerms) {
    Map<String, String> wordsByTerm = new LinkedHashMap<>();
    try (TokenStream stream = queryAnalyzer.tokenStream("query", query)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        String text = term.toString();
        boolean guessed = correctedSpans.stream()
            .anyMatch(span -> span[0] < offset.endOffset() && offset.startOffset() < span[1]);
        if (!wordsByTerm.containsKey(text)) {
          wordsByTerm.put(text, query.substring(offset.startOffset(), offset.endOffset()).toLowerCase(Locale.ROOT));
          if (guessed) {
            guessedTerms.add(text);
          }
        } else if (!guessed) {
          guessedTerms.remove(text);
        }
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return wordsByTerm;
  }

  // ---- spelling -------------------------------------------------------------------------------------

  /** Every word the gotchas and the synonym rules use, lower case. */
  private static Set<String> vocabulary(List<Gotcha> gotchas) {
    Set<String> words = new TreeSet<>(GotchaAnalyzer.ruleWords());
    for (Gotcha gotcha : gotchas) {
      for (GotchaField field : GotchaField.values()) {
        Matcher matcher = WORD.matcher(text(gotcha, field).toLowerCase(Locale.ROOT));
        while (matcher.find()) {
          words.add(matcher.group());
        }
      }
    }
    return words;
  }

  /**
   * The query with each unknown word of four letters or more replaced by the nearest known word (one edit,
   * or two for words of eight letters or more; a swap of neighbours is one edit); the replacements go to
   * {@code corrections} and where they are in the result to {@code correctedSpans}.
   */
  private String correctSpelling(String query, Map<String, String> corrections, List<int[]> correctedSpans) {
    Matcher matcher = WORD.matcher(query);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String word = matcher.group().toLowerCase(Locale.ROOT);
      String replacement = matcher.group();
      if (word.length() >= 4 && !vocabulary.contains(word)
          && !knownStems.containsAll(GotchaAnalyzer.terms(stemmer, word))) {
        int allowed = word.length() >= 8 ? 2 : 1;
        String nearest = null;
        int nearestDistance = allowed + 1;
        for (String known : vocabulary) {
          if (Math.abs(known.length() - word.length()) <= allowed && !GotchaAnalyzer.isStopWord(known)) {
            int distance = distance(word, known, allowed);
            // on a tie, a word with a letter more beats one with a letter less (a dropped letter is the usual slip)
            if (distance < nearestDistance || distance == nearestDistance && nearest != null
                && nearest.length() < word.length() && known.length() >= word.length()) {
              nearest = known;
              nearestDistance = distance;
            }
          }
        }
        if (nearest != null) {
          corrections.put(word, nearest);
          replacement = nearest;
        }
      }
      matcher.appendReplacement(out, "");
      if (!replacement.equals(matcher.group())) {
        correctedSpans.add(new int[] {out.length(), out.length() + replacement.length()});
      }
      out.append(replacement);
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** Optimal string alignment distance (insert, delete, substitute, swap neighbours), or {@code max + 1}. */
  static int distance(String a, String b, int max) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int rowMin = Integer.MAX_VALUE;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
        rowMin = Math.min(rowMin, d[i][j]);
      }
      if (rowMin > max) {
        return max + 1;
      }
    }
    return Math.min(d[a.length()][b.length()], max + 1);
  }
}
