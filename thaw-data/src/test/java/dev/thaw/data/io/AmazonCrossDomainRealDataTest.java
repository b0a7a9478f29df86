package dev.thaw.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.thaw.data.CrossDomainPair;
import dev.thaw.data.CrossDomainPair.Domain;
import dev.thaw.data.RealData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DisenCDR Amazon pairs in shared/data/amazon-cdr-disencdr: the data README's table. */
class AmazonCrossDomainRealDataTest {
    @ParameterizedTest(name = "{0}_{1}")
    @CsvSource({
            "sport, cloth, 9928, 92612, 30796, 8326, 87829, 39008, 7540",
            "phone, electronic, 3325, 50407, 17709, 2559, 115554, 38706, 2560",
            "sport, phone, 4998, 50558, 20845, 3698, 42446, 13655, 3999",
            "electronic, cloth, 15761, 210865, 51447, 13824, 121083, 48781, 12526"})
    void countsMatchTheReadme(String x, String y, int users, int xTrain, int xItems, int xTestUsers,
                              int yTrain, int yItems, int yTestUsers) {
        CrossDomainPair pair = AmazonCrossDomain.read(RealData.dir("amazon-cdr-disencdr"), x, y);
        assertEquals(users, pair.users().size());
        assertDomain(pair.x(), x, users, xTrain, xItems, xTestUsers);
        assertDomain(pair.y(), y, users, yTrain, yItems, yTestUsers);
    }

    private static void assertDomain(Domain d, String name, int users, int trainRows, int items, int testUsers) {
        assertEquals(name, d.name());
        assertEquals(trainRows, d.train().size());
        assertEquals(items, d.train().distinctItems());
        assertEquals(users, d.train().distinctUsers(), "every shared user has training rows in " + name);
        assertEquals(testUsers, d.test().size());
        assertEquals(testUsers, d.test().distinctUsers());
        assertEquals(users, d.testOriginal().size());
        assertEquals(d.train().users(), d.test().users());
    }
}
