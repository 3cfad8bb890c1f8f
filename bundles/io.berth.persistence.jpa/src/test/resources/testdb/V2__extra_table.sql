-- Test upgrade: a second version on top of the real V1.
CREATE TABLE extra_things (
    id VARCHAR(64) NOT NULL,
    domain_name VARCHAR(64) NOT NULL,
    CONSTRAINT pk_extra_things PRIMARY KEY (id),
    CONSTRAINT fk_extra_things_domain FOREIGN KEY (domain_name) REFERENCES domains (name)
);
CREATE INDEX ix_extra_things_domain ON extra_things (domain_name);
