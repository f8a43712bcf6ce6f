#!/usr/bin/perl
use strict;
use warnings;

# Count word frequencies in the files named on the command line.
my %count;
while (my $line = <>) {
    chomp $line;
    for my $word (split /\W+/, lc $line) {
        next unless length $word;
        $count{$word}++;
    }
}
for my $word (sort { $count{$b} <=> $count{$a} } keys %count) {
    printf "%6d %s\n", $count{$word}, $word;
}
