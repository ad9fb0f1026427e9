-- Replacement (补领) and renewal (换领) of a card at a town service window. The new card is an application of its
-- own (mode REPLACEMENT, unit_code = the town, so that it is delivered to the window and follows the same status
-- model); this table holds what only a replacement has: the card it replaces, the reason, the fee and the payment.
create sequence replacement_seq start with 1;

create table replacement (
  replacement_number     varchar(40)   primary key,
  application_number     varchar(40)   not null references application (application_number),
  old_application_number varchar(40)   not null references application (application_number),
  old_card_number        varchar(32)   not null,
  reason                 varchar(16)   not null,   -- LOST | DAMAGED | EXPIRED | DATA_CHANGE
  first_card             boolean       not null,
  town_code              varchar(32)   not null references org_unit (code),
  fee                    decimal(10,2),            -- yuan, from the replacement-fee DMN table
  payment                varchar(16)   not null,   -- PENDING | PAID | FREE | NOT_PAID
  receipt_number         varchar(64),
  old_card_stopped_at    timestamp,
  status                 varchar(16)   not null,   -- OPEN | COMPLETED | CANCELLED
  process_instance_id    varchar(64),
  created_by             varchar(64),
  created_at             timestamp     not null,
  updated_at             timestamp     not null
);
create index replacement_old_card on replacement (old_card_number, status);
create index replacement_application on replacement (application_number);
