-- The plan a catalog feature belongs to (issue 9, expansion opportunities: heavy use of features
-- above the customer's plan). One of the ordered plan tiers (VIGIL_PLAN_TIERS, starter, growth,
-- enterprise by default), checked by the API; null: in every plan.
ALTER TABLE feature_catalog ADD COLUMN plan text;
