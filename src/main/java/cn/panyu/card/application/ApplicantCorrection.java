package cn.panyu.card.application;

/**
 * What a clerk changes on an application before it goes to the City Card Centre again (after an ineligible result,
 * or a card made with wrong data). A null field stays as registered; {@code photo} comes with photo source UPLOAD.
 */
public record ApplicantCorrection(String name, String gender, String phone, String bank, String photoSource,
    String studioReceipt, byte[] photo) {}
