-- A flag's exposure is the sum of a customer's open balances in a currency: each balance fits a bigint
-- of minor units, their sum need not. Still whole minor units, with room for any such sum.
ALTER TABLE risk_concentration_flags ALTER COLUMN exposure_minor TYPE numeric(40, 0);
