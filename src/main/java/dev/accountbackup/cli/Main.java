package dev.accountbackup.cli;
public class Main { public static void main(String[] a) {} }
