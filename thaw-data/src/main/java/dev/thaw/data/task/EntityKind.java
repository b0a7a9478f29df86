package dev.thaw.data.task;

/** What a task is about: one user, one item, or one segment (audience, advertiser, cohort). */
public enum EntityKind { USER, ITEM, SEGMENT }
