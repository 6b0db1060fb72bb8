package dev.clm.data;

import dev.clm.api.BarSeries;
import dev.clm.api.DataClient;
import dev.clm.api.InvalidDataException;
import dev.clm.api.MarketData;
import dev.clm.api.InvalidNameException;
import dev.clm.api.Names;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DataClient} over CSV files of OHLCV bars, one symbol per file (the layout of
 * ../shared/data): a header row naming the columns; the bar open time in epoch milliseconds
 * in a column named {@code open_time}, {@code timestamp}, {@code time} or {@code ts}; columns
 * {@code open, high, low, close, volume} (case-insensitive, any order); extra columns (such as
 * {@code datetime_utc}, {@code adj_close}, {@code quote_volume}, blank {@code trade_count}) are
 * ignored. The symbol is the file name without {@code .csv}; {@link Builder#build()} refuses a
 * symbol that breaks {@link Names#isSymbol} (a file named {@code .csv} or {@code " .csv"} gives a
 * blank one) with an {@link InvalidNameException} naming the file.
 *
 * <p>Invalid rows: by default ({@link InvalidRowPolicy#FAIL}) the first row that breaks a
 * {@link BarSeries} rule (unparseable or non-finite number, negative price or volume, high
 * below max(open, close, low), low above min(open, close), timestamp not after the previous
 * one, a price outside [{@link BarSeries#MIN_POSITIVE_PRICE}, {@link BarSeries#MAX_PRICE}] other
 * than 0, a byte that is not UTF-8) throws {@link InvalidDataException} naming the symbol, the
 * data row, the field, the file and line (and, for a bad byte, its column).
 * {@link InvalidRowPolicy#SKIP} drops such rows and logs how many. Every file in ../shared/data
 * loads under FAIL.
 *
 * <p>Files are parsed once, on first use, and kept in memory. Windows end at the injected
 * clock's now: a bar whose open time is not before now is never returned. Thread-safe.
 */
public final class CsvDataClient implements DataClient {
    private static final Logger LOG = LoggerFactory.getLogger(CsvDataClient.class);
    private static final String[] TIME_COLUMNS = {"open_time", "timestamp", "time", "ts"};

    /** What to do with a row that breaks a bar rule. */
    public enum InvalidRowPolicy { FAIL, SKIP }

    private final Map<String, Path> files;
    private final Clock clock;
    private final InvalidRowPolicy policy;
    private final Map<String, BarSeries> cache = new ConcurrentHashMap<>();

    private CsvDataClient(Map<String, Path> files, Clock clock, InvalidRowPolicy policy) {
        this.files = files;
        this.clock = clock;
        this.policy = policy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Symbols this client serves, in file-name order. */
    public List<String> symbols() {
        return List.copyOf(files.keySet());
    }

    @Override
    public MarketData loadTrainingData(Instant start, Instant end) {
        if (start == null || end == null) throw new IllegalArgumentException("start and end must not be null");
        if (end.isBefore(start)) throw new IllegalArgumentException("end " + end + " is before start " + start);
        Instant now = clock.instant();
        Instant to = end.isAfter(now) ? now : end;
        List<BarSeries> out = new ArrayList<>(files.size());
        for (String symbol : files.keySet()) {
            BarSeries s = series(symbol);
            out.add(to.isAfter(start) ? s.slice(start.toEpochMilli(), to.toEpochMilli()) : s.sliceRows(0, 0));
        }
        return new MarketData(out);
    }

    @Override
    public MarketData loadRecentData(Duration lookback) {
        if (lookback == null || lookback.isNegative()) throw new IllegalArgumentException("lookback must be >= 0, was " + lookback);
        Instant now = clock.instant();
        return loadTrainingData(now.minus(lookback), now);
    }

    @Override
    public MarketData loadValidationData(Duration lookback) {
        return loadRecentData(lookback);
    }

    @Override
    public long countBars(Instant start, Instant end) {
        Instant now = clock.instant();
        Instant to = end.isAfter(now) ? now : end;
        long n = 0;
        for (String symbol : files.keySet()) {
            BarSeries s = series(symbol);
            n += Math.max(0, s.indexAtOrAfter(to.toEpochMilli()) - s.indexAtOrAfter(start.toEpochMilli()));
        }
        return n;
    }

    /** Every bar of every symbol that opened before now. */
    public MarketData loadAll() {
        return loadTrainingData(Instant.ofEpochMilli(Long.MIN_VALUE / 2), clock.instant());
    }

    /**
     * The directories, the symbols, the span of bars the files hold and the client's now, e.g.
     * "CSV files in /data (2 symbols: BTCUSDT, ETHUSDT) holding 70,128 bars from 2020-01-01T00:00:00Z
     * to 2024-12-31T23:00:00Z; now by this client's clock is 2026-12-04T21:00:00Z".
     */
    @Override
    public String describeSource() {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path f : files.values()) dirs.add(f.toAbsolutePath().getParent());
        long bars = 0;
        Instant first = null, last = null;
        for (String symbol : files.keySet()) {
            BarSeries s = series(symbol);
            if (s.isEmpty()) continue;
            bars += s.size();
            if (first == null || s.firstTime().isBefore(first)) first = s.firstTime();
            if (last == null || s.lastTime().isAfter(last)) last = s.lastTime();
        }
        List<String> names = symbols();
        String shown = names.size() <= 10 ? String.join(", ", names) : String.join(", ", names.subList(0, 10)) + ", ...";
        return "CSV files in " + (dirs.size() == 1 ? dirs.iterator().next() : dirs) + " (" + names.size() + " symbols: " + shown + ") holding "
                + (bars == 0 ? "no bars" : String.format(Locale.ROOT, "%,d bars from %s to %s", bars, first, last))
                + "; now by this client's clock is " + clock.instant();
    }

    private BarSeries series(String symbol) {
        return cache.computeIfAbsent(symbol, s -> read(files.get(s), s, policy));
    }

    /** Parses one file into a series named {@code symbol}. */
    public static BarSeries read(Path file, String symbol, InvalidRowPolicy policy) {
        try (InputStream in = Files.newInputStream(file)) {
            return new Parser(file, symbol, policy).parse(new Utf8Lines(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Lines of a UTF-8 file, decoded one at a time so that a byte that is not UTF-8 spoils only
     * its own line, and is reported with its column (a reader decoding the whole stream fails
     * with an {@link java.nio.charset.MalformedInputException} naming neither). Line ends are
     * {@code \n} or {@code \r\n}.
     */
    static final class Utf8Lines {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos, limit;
        private boolean eof;
        private byte[] line = new byte[256];
        private int length;
        private CharBuffer chars = CharBuffer.allocate(256);
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        /** After {@link #text()} returned null: the 1-based character column and the value of the first bad byte. */
        int badColumn, badByte;
        /** After {@link #text()} returned null: the text before the bad byte. */
        String beforeBad;

        Utf8Lines(InputStream in) {
            this.in = in;
        }

        /** Reads the next line's bytes; false at the end of the file. */
        boolean next() throws IOException {
            length = 0;
            boolean any = false;
            while (true) {
                if (pos == limit) {
                    if (eof) return any;
                    limit = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        eof = true;
                        return any;
                    }
                }
                any = true;
                int start = pos;
                while (pos < limit && buf[pos] != '\n') pos++;
                append(start, pos - start);
                if (pos < limit) { // found the line end
                    pos++;
                    if (length > 0 && line[length - 1] == '\r') length--;
                    return true;
                }
            }
        }

        private void append(int from, int n) {
            if (length + n > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
            System.arraycopy(buf, from, line, length, n);
            length += n;
        }

        /** The current line as text, or null if it is not valid UTF-8 (then see {@link #badColumn}). */
        String text() {
            boolean ascii = true;
            for (int i = 0; i < length && ascii; i++) ascii = line[i] >= 0;
            if (ascii) return new String(line, 0, length, StandardCharsets.ISO_8859_1);
            if (chars.capacity() < length) chars = CharBuffer.allocate(length);
            chars.clear();
            ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
            decoder.reset();
            CoderResult r = decoder.decode(bytes, chars, true);
            if (!r.isError()) r = decoder.flush(chars);
            if (r.isError()) {
                badColumn = chars.position() + 1;
                badByte = line[bytes.position()] & 0xFF;
                beforeBad = new String(chars.array(), 0, chars.position());
                return null;
            }
            return new String(chars.array(), 0, chars.position());
        }
    }

    private static final class Parser {
        private final Path file;
        private final String symbol;
        private final InvalidRowPolicy policy;
        private int skipped;
        private String firstSkip;

        Parser(Path file, String symbol, InvalidRowPolicy policy) {
            this.file = file;
            this.symbol = symbol;
            this.policy = policy;
        }

        BarSeries parse(Utf8Lines in) throws IOException {
            if (!in.next()) throw new InvalidDataException(symbol, -1, "header", "file " + file + " is empty; expected a header row");
            String header = in.text();
            if (header == null) {
                throw new InvalidDataException(symbol, -1, "header", String.format(Locale.ROOT,
                        "byte 0x%02X at column %d is not UTF-8 (%s line 1); expected UTF-8 text", in.badByte, in.badColumn, file));
            }
            if (!header.isEmpty() && header.charAt(0) == '\uFEFF') header = header.substring(1);
            String[] names = header.split(",", -1);
            int time = -1;
            for (String candidate : TIME_COLUMNS) {
                time = indexOf(names, candidate);
                if (time >= 0) break;
            }
            if (time < 0) {
                throw new InvalidDataException(symbol, -1, "open_time", "missing timestamp column in " + file + "; expected one of "
                        + String.join(", ", TIME_COLUMNS) + ", header is " + header);
            }
            int[] col = {require(names, "open", header), require(names, "high", header), require(names, "low", header),
                    require(names, "close", header), require(names, "volume", header)};
            String[] fields = {"open", "high", "low", "close", "volume"};
            int capacity = 1024;
            long[] ts = new long[capacity];
            double[][] v = new double[5][capacity];
            int n = 0;
            int line = 1;
            String row;
            String[] cells = new String[names.length];
            double[] bar = new double[5];
            while (in.next()) {
                line++;
                row = in.text();
                if (row != null && row.isBlank()) continue;
                int cellCount = row == null ? 0 : split(row, cells);
                String problemField = null, problem = null;
                long t = 0;
                if (row == null) {
                    int cell = count(in.beforeBad, ',');
                    problemField = cell < names.length ? names[cell].trim() : "row";
                    problem = String.format(Locale.ROOT, "byte 0x%02X at column %d is not UTF-8; expected UTF-8 text", in.badByte,
                            in.badColumn);
                } else if (cellCount <= Math.max(time, max(col))) {
                    problemField = "row";
                    problem = "has " + cellCount + " cells, header has " + names.length;
                } else {
                    try {
                        t = parseTime(cells[time]);
                    } catch (NumberFormatException e) {
                        problemField = names[time].trim();
                        problem = "'" + cells[time] + "' is not an epoch-millisecond timestamp";
                    }
                    for (int f = 0; f < 5 && problem == null; f++) {
                        try {
                            bar[f] = Double.parseDouble(cells[col[f]].trim());
                        } catch (NumberFormatException e) {
                            problemField = fields[f];
                            problem = "'" + cells[col[f]] + "' is not a number";
                        }
                    }
                    if (problem == null) {
                        for (int f = 0; f < 5 && problem == null; f++) {
                            if (!Double.isFinite(bar[f]) || bar[f] < 0) {
                                problemField = fields[f];
                                problem = "value " + bar[f] + "; expected a finite, non-negative number";
                            } else if (f < 4 && bar[f] != 0 && (bar[f] < BarSeries.MIN_POSITIVE_PRICE || bar[f] > BarSeries.MAX_PRICE)) {
                                problemField = fields[f];
                                problem = "value " + bar[f] + " makes log returns overflow; expected a price of 0 or within ["
                                        + BarSeries.MIN_POSITIVE_PRICE + ", " + BarSeries.MAX_PRICE + "]";
                            }
                        }
                    }
                    if (problem == null) {
                        double o = bar[0], h = bar[1], l = bar[2], c = bar[3];
                        if (h < Math.max(o, c) || h < l) {
                            problemField = "high";
                            problem = "high " + h + " is below max(open, close, low)";
                        } else if (l > Math.min(o, c)) {
                            problemField = "low";
                            problem = "low " + l + " is above min(open, close)";
                        } else if (n > 0 && t <= ts[n - 1]) {
                            problemField = "timestamp";
                            problem = (t == ts[n - 1] ? "duplicate timestamp " : "non-increasing timestamp ") + Instant.ofEpochMilli(t)
                                    + " after " + Instant.ofEpochMilli(ts[n - 1]);
                        }
                    }
                }
                if (problem != null) {
                    String where = problem + " (" + file + " line " + line + ")";
                    if (policy == InvalidRowPolicy.FAIL) throw new InvalidDataException(symbol, n, problemField, where);
                    if (skipped++ == 0) firstSkip = problemField + ": " + where;
                    continue;
                }
                if (n == capacity) {
                    capacity *= 2;
                    ts = java.util.Arrays.copyOf(ts, capacity);
                    for (int f = 0; f < 5; f++) v[f] = java.util.Arrays.copyOf(v[f], capacity);
                }
                ts[n] = t;
                for (int f = 0; f < 5; f++) v[f][n] = bar[f];
                n++;
            }
            if (skipped > 0) LOG.warn("{}: skipped {} invalid rows of {}; first: {}", symbol, skipped, file, firstSkip);
            return new BarSeries(symbol, java.util.Arrays.copyOf(ts, n), java.util.Arrays.copyOf(v[0], n),
                    java.util.Arrays.copyOf(v[1], n), java.util.Arrays.copyOf(v[2], n), java.util.Arrays.copyOf(v[3], n),
                    java.util.Arrays.copyOf(v[4], n));
        }

        private static long parseTime(String cell) {
            String s = cell.trim();
            if (s.indexOf('.') >= 0 || s.indexOf('e') >= 0 || s.indexOf('E') >= 0) {
                double d = Double.parseDouble(s);
                if (!Double.isFinite(d) || d != Math.rint(d)) throw new NumberFormatException(s);
                return (long) d;
            }
            return Long.parseLong(s);
        }

        private int require(String[] names, String column, String header) {
            int i = indexOf(names, column);
            if (i < 0) throw new InvalidDataException(symbol, -1, column, "missing column in " + file + "; header is " + header);
            return i;
        }

        private static int indexOf(String[] names, String column) {
            for (int i = 0; i < names.length; i++) if (names[i].trim().toLowerCase(Locale.ROOT).equals(column)) return i;
            return -1;
        }

        private static int count(String s, char c) {
            int n = 0;
            for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) n++;
            return n;
        }

        private static int max(int[] a) {
            int m = a[0];
            for (int x : a) m = Math.max(m, x);
            return m;
        }

        /** Splits on commas into {@code cells} (extra cells beyond its length are ignored); returns the cell count seen. */
        private static int split(String row, String[] cells) {
            int count = 0, from = 0;
            while (true) {
                int comma = row.indexOf(',', from);
                String cell = comma < 0 ? row.substring(from) : row.substring(from, comma);
                if (count < cells.length) cells[count] = cell;
                count++;
                if (comma < 0) return count;
                from = comma + 1;
            }
        }
    }

    /** Configures the files, symbol selection, clock and invalid-row policy. */
    public static final class Builder {
        private final Map<String, Path> files = new LinkedHashMap<>();
        private Set<String> symbols;
        private Clock clock = Clock.systemUTC();
        private InvalidRowPolicy policy = InvalidRowPolicy.FAIL;

        private Builder() {}

        /** Adds every {@code *.csv} under {@code dir} (recursively). Two files with the same name (symbol) are an error. */
        public Builder directory(Path dir) {
            if (!Files.isDirectory(dir)) throw new IllegalArgumentException("not a directory: " + dir);
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                        .sorted().forEach(this::file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
            return this;
        }

        /** Adds one file; its symbol is the file name without {@code .csv}. */
        public Builder file(Path file) {
            String name = file.getFileName().toString();
            String symbol = name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
            return file(symbol, file);
        }

        /** Adds one file under an explicit symbol name. */
        public Builder file(String symbol, Path file) {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("not a file: " + file);
            Path previous = files.putIfAbsent(symbol, file);
            if (previous != null && !previous.equals(file)) {
                throw new IllegalArgumentException("symbol '" + symbol + "' comes from two files: " + previous + " and " + file);
            }
            return this;
        }

        /** Loads only these symbols (default: every added file). Unknown symbols are an error at {@link #build()}. */
        public Builder symbols(Collection<String> selected) {
            symbols = new LinkedHashSet<>(selected);
            return this;
        }

        public Builder clock(Clock c) {
            if (c == null) throw new IllegalArgumentException("clock must not be null");
            clock = c;
            return this;
        }

        public Builder invalidRowPolicy(InvalidRowPolicy p) {
            if (p == null) throw new IllegalArgumentException("invalidRowPolicy must not be null");
            policy = p;
            return this;
        }

        public CsvDataClient build() {
            Map<String, Path> selected = new LinkedHashMap<>();
            if (symbols == null) {
                selected.putAll(files);
            } else {
                for (String s : symbols) {
                    Path p = files.get(s);
                    if (p == null) throw new IllegalArgumentException("symbol '" + s + "' has no file; known: " + files.keySet());
                    selected.put(s, p);
                }
            }
            if (selected.isEmpty()) throw new IllegalArgumentException("no CSV files configured");
            for (Map.Entry<String, Path> e : selected.entrySet()) {
                String problem = Names.symbolProblem(e.getKey());
                if (problem != null) {
                    throw new InvalidNameException("symbol", e.getKey(), "the symbol of file " + e.getValue() + " " + problem
                            + "; rename the file or add it with file(symbol, path)");
                }
            }
            return new CsvDataClient(selected, clock, policy);
        }
    }
}
