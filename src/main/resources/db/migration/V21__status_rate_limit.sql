-- The status page's look-up limits, shared by every node of a cluster (cn.panyu.card.status.StatusRateLimiter).
-- One row per limited key: a client address, or an ID number with a client, or an ID number; the key is a
-- SHA-256 hash, so no ID number or address is stored. attempts holds the epoch milliseconds of the attempts
-- still inside the window (a sliding log of at most the limit's size), comma-separated.
create table status_rate_window (
  bucket     varchar(64)   primary key,
  attempts   varchar(4000) not null,
  updated_at timestamp     not null
);
create index status_rate_window_updated on status_rate_window (updated_at);
