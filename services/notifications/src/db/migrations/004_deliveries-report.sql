-- Up Migration
-- Deliveries per channel and status over a period of request times (GET /v1/reports/deliveries):
-- the range scan reads channel and status from the index alone.
CREATE INDEX deliveries_requested_idx ON deliveries (requested_at) INCLUDE (channel, status);
