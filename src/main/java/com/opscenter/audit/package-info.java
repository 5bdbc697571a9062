/**
 * The audit trail: who changed what, who was denied, and who read volume details, kept in the database.
 * Features fire {@link com.opscenter.audit.control.AuditEvent}s; they never write the table themselves.
 */
package com.opscenter.audit;
