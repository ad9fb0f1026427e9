/**
 * How personal data (ID numbers, phones) may appear in logs and lists. A package of its own, depending on
 * nothing, because both the application and the standalone City Card Centre simulator mask the same way.
 */
package cn.panyu.card.personaldata;
