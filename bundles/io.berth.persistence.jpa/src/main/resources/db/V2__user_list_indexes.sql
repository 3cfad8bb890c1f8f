-- Berth schema version 2: indexes for the user lists (SPEC U1). The default list filters by status
-- and pages in creation order; these let the database count and page without reading every row.
CREATE INDEX ix_users_status ON users (status);
CREATE INDEX ix_users_created ON users (created_at, id);
