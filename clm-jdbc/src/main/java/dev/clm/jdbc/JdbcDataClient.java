package dev.clm.jdbc;

import dev.clm.api.BarSeries;
import dev.clm.api.DataClient;
import dev.clm.api.MarketData;
import dev.clm.api.Names;
import dev.clm.jdbc.internal.Jdbc;
import dev.clm.jdbc.internal.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * {@link DataClient} reading OHLCV bars from a table, so an engine that already stores candles
 * can feed clm directly.
 *
 * <p>The table (default {@value #DEFAULT_TABLE}, created by the clm migrations) or any table or
 * view with the same columns: {@code symbol VARCHAR}, {@code open_time TIMESTAMP WITH TIME
 * ZONE} (bar open time), {@code open, high, low, close, volume DOUBLE PRECISION}, one row per
 * (symbol, open_time); an index on (symbol, open_time) keeps reads fast. Only bars whose open
 * time is before the injected clock's now are returned: a window reaching into the future is
 * cut at now. Rows are validated by {@link BarSeries} (an {@link dev.clm.api.InvalidDataException}
 * names symbol, row and field of a bad bar).
 *
 * <p>Without a symbol list every symbol in the table is read. Thread-safe.
 *
 * <p>Nothing in clm writes market data by itself: the engine writes each closed bar (or a
 * back-fill of history) with {@link #writeBars(BarSeries)} or {@link #writeBars(MarketData)},
 * or points the client at its own table or view. Writing a bar that is already there replaces
 * its values (a corrected bar), so retrying a write is harmless.
 */
public final class JdbcDataClient implements DataClient {
    /** The table the clm migrations create for bars. */
    public static final String DEFAULT_TABLE = "clm_ohlcv_bars";
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private volatile Dialect dialect;
    private final Clock clock;
    private final String table;
    private final List<String> symbols;

    /** Reads every symbol of {@value #DEFAULT_TABLE}. */
    public JdbcDataClient(DataSource dataSource, Clock clock) {
        this(dataSource, clock, DEFAULT_TABLE, List.of());
    }

    /**
     * @param table   table or view name, optionally schema-qualified (letters, digits, '_'; it is
     *                part of the SQL text, so nothing else is accepted)
     * @param symbols symbols to read; empty for every symbol in the table
     */
    public JdbcDataClient(DataSource dataSource, Clock clock, String table, List<String> symbols) {
        if (clock == null) throw new IllegalArgumentException("clock must not be null");
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("table must match " + TABLE.pattern() + ", was '" + table + "'");
        }
        if (symbols == null) throw new IllegalArgumentException("symbols must not be null (empty means every symbol)");
        for (String s : symbols) Names.requireSymbol(s, "symbol"); // before it reaches SQL: NUL, blank, too long
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.table = table;
        this.symbols = List.copyOf(symbols);
    }

    @Override
    public MarketData loadTrainingData(Instant start, Instant end) {
        checkRange(start, end);
        Instant to = cutAtNow(end);
        return jdbc.read("load bars " + start + " .. " + end + " from " + table, c -> {
            List<BarSeries> out = new ArrayList<>();
            for (String symbol : symbolsIn(c)) out.add(load(c, symbol, start, to));
            return new MarketData(out);
        });
    }

    @Override
    public MarketData loadRecentData(Duration lookback) {
        Instant now = clock.instant();
        return loadTrainingData(now.minus(checkLookback(lookback)), now);
    }

    @Override
    public MarketData loadValidationData(Duration lookback) {
        Instant now = clock.instant();
        return loadTrainingData(now.minus(checkLookback(lookback)), now);
    }

    @Override
    public long countBars(Instant start, Instant end) {
        checkRange(start, end);
        Instant to = cutAtNow(end);
        if (!start.isBefore(to)) return 0;
        return jdbc.read("count bars in " + table, c -> {
            long n = 0;
            for (String symbol : symbolsIn(c)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table
                        + " WHERE symbol = ? AND open_time >= ? AND open_time < ?")) {
                    ps.setString(1, symbol);
                    Sql.setInstant(ps, 2, start);
                    Sql.setInstant(ps, 3, to);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        n += rs.getLong(1);
                    }
                }
            }
            return n;
        });
    }

    /**
     * Writes the bars of {@code series} into the table in one transaction: a new (symbol, open
     * time) is inserted, an existing one gets the new values. The series was validated when it
     * was built (finite non-negative prices, consistent bars, increasing times).
     *
     * @return the number of bars written
     * @throws IllegalArgumentException if the symbol is longer than 64 characters or contains a NUL character
     */
    public int writeBars(BarSeries series) {
        return writeBars(new MarketData(List.of(series)));
    }

    /** Writes every series of {@code data} in one transaction (see {@link #writeBars(BarSeries)}); returns the bars written. */
    public int writeBars(MarketData data) {
        if (data == null) throw new IllegalArgumentException("data must not be null");
        for (BarSeries s : data.series()) {
            if (s.symbol().length() > 64 || s.symbol().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("symbol '" + s.symbol().replace("\0", "\\0") + "' cannot be stored in " + table
                        + ": expected at most 64 characters and no NUL character");
            }
        }
        String sql = dialect() == Dialect.POSTGRESQL
                ? "INSERT INTO " + table + " (symbol, open_time, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (symbol, open_time) DO UPDATE SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, "
                        + "close = EXCLUDED.close, volume = EXCLUDED.volume"
                : "MERGE INTO " + table + " (symbol, open_time, open, high, low, close, volume) KEY (symbol, open_time) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)";
        return jdbc.inTransaction("write " + data.totalBars() + " bars to " + table, c -> {
            int written = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (BarSeries s : data.series()) {
                    for (int i = 0; i < s.size(); i++) {
                        ps.setString(1, s.symbol());
                        Sql.setInstant(ps, 2, Instant.ofEpochMilli(s.timestamps()[i]));
                        ps.setDouble(3, s.open()[i]);
                        ps.setDouble(4, s.high()[i]);
                        ps.setDouble(5, s.low()[i]);
                        ps.setDouble(6, s.close()[i]);
                        ps.setDouble(7, s.volume()[i]);
                        ps.addBatch();
                        if (++written % 1_000 == 0) ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return written;
        });
    }

    /**
     * The table, the symbols asked for, and how many bars of which symbols it holds from when to
     * when (or that it holds none, and how to write them), with the client's now.
     */
    @Override
    public String describeSource() {
        String head = "table " + table + " (" + (symbols.isEmpty() ? "every symbol" : "symbols " + symbols) + ")";
        try {
            return head + jdbc.read("describe " + table, c -> {
                String where = symbols.isEmpty() ? "" : " WHERE symbol IN (" + String.join(", ", java.util.Collections.nCopies(symbols.size(), "?")) + ")";
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT symbol), MIN(open_time) AS first_time, MAX(open_time) AS last_time FROM "
                        + table + where)) {
                    for (int i = 0; i < symbols.size(); i++) ps.setString(i + 1, symbols.get(i));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        long bars = rs.getLong(1);
                        if (bars == 0) {
                            return " holding no bars; nothing in clm writes market data: write the engine's bars with "
                                    + "JdbcDataClient.writeBars(...) (ClmDatabase.dataClient().writeBars(series)) or point the client at "
                                    + "the engine's own table; now by this client's clock is " + clock.instant();
                        }
                        return String.format(java.util.Locale.ROOT, " holding %,d bars of %d symbol(s) from %s to %s; now by this client's "
                                + "clock is %s", bars, rs.getLong(2), Sql.getInstant(rs, "first_time"), Sql.getInstant(rs, "last_time"), clock.instant());
                    }
                }
            });
        } catch (RuntimeException e) {
            return head + " (reading what it holds failed: " + e.getMessage() + ")";
        }
    }

    private Dialect dialect() {
        Dialect d = dialect;
        if (d == null) dialect = d = Dialect.detect(dataSource);
        return d;
    }

    private Instant cutAtNow(Instant end) {
        Instant now = clock.instant();
        return end.isAfter(now) ? now : end;
    }

    private List<String> symbolsIn(Connection c) throws SQLException {
        if (!symbols.isEmpty()) return symbols;
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT symbol FROM " + table + " ORDER BY symbol");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) found.add(rs.getString(1));
        }
        return found;
    }

    private BarSeries load(Connection c, String symbol, Instant start, Instant end) throws SQLException {
        Columns cols = new Columns();
        if (start.isBefore(end)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT open_time, open, high, low, close, volume FROM " + table
                    + " WHERE symbol = ? AND open_time >= ? AND open_time < ? ORDER BY open_time")) {
                ps.setString(1, symbol);
                Sql.setInstant(ps, 2, start);
                Sql.setInstant(ps, 3, end);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cols.add(Sql.getInstant(rs, "open_time").toEpochMilli(), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                                rs.getDouble(5), rs.getDouble(6));
                    }
                }
            }
        }
        return cols.toSeries(symbol);
    }

    private static void checkRange(Instant start, Instant end) {
        if (start == null || end == null) throw new IllegalArgumentException("start and end must not be null");
        if (start.isAfter(end)) throw new IllegalArgumentException("start (" + start + ") must not be after end (" + end + ")");
    }

    private static Duration checkLookback(Duration lookback) {
        if (lookback == null || lookback.isNegative()) throw new IllegalArgumentException("lookback must be >= 0, was " + lookback);
        return lookback;
    }

    /** Growable primitive columns (no object per bar). */
    private static final class Columns {
        private long[] t = new long[1024];
        private double[] o = new double[1024], h = new double[1024], l = new double[1024], c = new double[1024], v = new double[1024];
        private int n;

        void add(long time, double open, double high, double low, double close, double volume) {
            if (n == t.length) {
                int cap = n * 2;
                t = Arrays.copyOf(t, cap);
                o = Arrays.copyOf(o, cap);
                h = Arrays.copyOf(h, cap);
                l = Arrays.copyOf(l, cap);
                c = Arrays.copyOf(c, cap);
                v = Arrays.copyOf(v, cap);
            }
            t[n] = time;
            o[n] = open;
            h[n] = high;
            l[n] = low;
            c[n] = close;
            v[n] = volume;
            n++;
        }

        BarSeries toSeries(String symbol) {
            return new BarSeries(symbol, Arrays.copyOf(t, n), Arrays.copyOf(o, n), Arrays.copyOf(h, n), Arrays.copyOf(l, n),
                    Arrays.copyOf(c, n), Arrays.copyOf(v, n));
        }
    }
}
