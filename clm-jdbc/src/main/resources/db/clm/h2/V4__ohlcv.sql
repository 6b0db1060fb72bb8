-- OHLCV bars read by JdbcDataClient (an engine may point the client at its own table or view
-- with the same columns instead). open_time is the bar's open time (UTC).
CREATE TABLE clm_ohlcv_bars (
    symbol     VARCHAR(64) NOT NULL,
    open_time  TIMESTAMP WITH TIME ZONE NOT NULL,
    open       DOUBLE PRECISION NOT NULL,
    high       DOUBLE PRECISION NOT NULL,
    low        DOUBLE PRECISION NOT NULL,
    close      DOUBLE PRECISION NOT NULL,
    volume     DOUBLE PRECISION NOT NULL,
    CONSTRAINT clm_ohlcv_bars_pk PRIMARY KEY (symbol, open_time)
);
