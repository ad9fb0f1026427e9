-- Collective issuance: a batch's submissions (several when a batch is large) and its stamped sign-off sheet.
alter table submission add column batch_number varchar(40);
create index submission_batch on submission (batch_number);

-- the scan of the stamped sign-off sheets (领卡签收表) the institution uploads when it has handed out its cards
alter table collective_batch add column sign_off_document_id bigint references document (id);
alter table collective_batch add column updated_at timestamp;
