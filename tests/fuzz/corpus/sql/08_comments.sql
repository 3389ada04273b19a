-- comment ;
/* block /* nested ; */ still */ SELECT 1;
# mysql comment ;
SELECT data#>'{a,b}' FROM t;
