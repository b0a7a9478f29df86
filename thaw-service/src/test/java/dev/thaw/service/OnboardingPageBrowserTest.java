package dev.thaw.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.thaw.service.testing.DemoModel;
import dev.thaw.service.testing.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The onboarding page end to end in headless Chromium against the real server (a MeLU model
 * meta-trained for a few seconds on generated data, SQLite store, API key on): a newcomer picks
 * profile features, starts, rates evidence items and a searched item with the stars, and after
 * every rating the list shows the server's adapted recommendations. Writes a screenshot to
 * target/screenshots/onboarding.png.
 */
class OnboardingPageBrowserTest {
    private static final String KEY = "browser-test-key";
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "onboarding.png");

    @TempDir
    static Path dir;
    private static HeadlessChromium chromium;
    private static ThawServer server;
    private static Http http;

    @BeforeAll
    static void start() throws IOException {
        chromium = HeadlessChromium.start();
        Path model = DemoModel.train(dir.resolve("model"), 2019, Duration.ofSeconds(6));
        server = ThawServer.start(ServiceConfig.local(0, model, "sqlite:" + dir.resolve("feedback.db"), KEY));
        http = new Http(server.port(), KEY);
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aNewcomerRatesItemsAndTheRecommendationsFollowEveryRating() throws Exception {
        WebDriver page = open();
        page.findElement(By.id("api-key")).sendKeys(KEY);
        JsonNode fields = http.get("/v1/features").body().get("fields");
        assertTrue(fields.size() > 0, "the model has user feature fields");
        for (JsonNode field : fields) {
            Select select = new Select(page.findElement(By.id("feature-" + field.get("name").asText())));
            assertEquals(field.get("values").size() + 1, select.getOptions().size(), "values + 'rather not say'");
            select.selectByValue(field.get("values").get(0).asText());
        }
        page.findElement(By.id("create-user")).click();
        List<String> before = awaitRecommendations(page, 0, 1);
        String user = page.findElement(By.id("user-info")).getDomAttribute("data-user-id");
        assertEquals(fields.get(0).get("values").get(0).asText(),
                http.get("/v1/users/" + user).body().get("features").get(fields.get(0).get("name").asText()).asText());
        assertEquals(10, before.size());

        List<WebElement> evidence = page.findElements(By.cssSelector("#evidence-list li"));
        assertEquals(10, evidence.size(), "ten evidence items to rate");
        JsonNode scale = http.get("/v1/model").body().get("rating_scale");
        assertEquals(List.of(1.0, 5.0), List.of(scale.get("min").asDouble(), scale.get("max").asDouble()));
        assertEquals(5, evidence.get(0).findElements(By.cssSelector(".stars button")).size(), "a star per rating 1..5");
        int[] stars = {5, 1, 4};
        List<String> rated = new ArrayList<>();
        List<String> shown = scoresShown(page, before);
        for (int i = 0; i < stars.length; i++) {
            WebElement item = page.findElements(By.cssSelector("#evidence-list li")).get(i);
            assertFalse(item.findElement(By.className("title")).getText().isBlank());
            assertFalse(item.findElement(By.className("genres")).getText().isBlank(), "genres are shown");
            rated.add(item.getDomAttribute("data-item-id"));
            item.findElement(By.cssSelector(".stars button[data-rating='" + stars[i] + "']")).click();
            List<String> after = awaitRecommendations(page, i + 1, i + 2);
            assertNotEquals(shown, scoresShown(page, after), "the list changes after rating " + (i + 1));
            shown = scoresShown(page, after);
            assertEquals(recommendedByServer(user), after, "the page shows the server's adapted list");
            assertTrue(after.stream().noneMatch(rated::contains), "rated items are not recommended");
        }

        JsonNode target = null;
        for (JsonNode item : http.get("/v1/items?limit=20").body().get("items")) {
            if (target == null && !rated.contains(item.get("id").asText())) {
                target = item;
            }
        }
        page.findElement(By.id("search")).sendKeys(target.get("title").asText());
        By hit = By.cssSelector("#search-results li[data-item-id='" + target.get("id").asText() + "']");
        WebElement found = wait(page).until(ExpectedConditions.visibilityOfElementLocated(hit));
        found.findElement(By.cssSelector(".stars button[data-rating='2']")).click();
        awaitRecommendations(page, stars.length + 1, stars.length + 2);

        JsonNode stored = http.get("/v1/users/" + user).body().get("ratings");
        assertEquals(stars.length + 1, stored.size(), stored.toString());
        for (JsonNode rating : stored) {
            String id = rating.get("item").asText();
            int expected = rated.contains(id) ? stars[rated.indexOf(id)] : 2;
            assertEquals(expected, rating.get("rating").asInt(), "stored rating of " + id);
        }
        assertEquals("true", found.findElement(By.cssSelector("button[data-rating='2']")).getDomAttribute("aria-pressed"));
        chromium.screenshot(SCREENSHOT);
        assertTrue(Files.size(SCREENSHOT) > 10_000, "a real screenshot");
    }

    @Test
    void aWrongApiKeyIsReportedOnThePage() {
        WebDriver page = open();
        page.findElement(By.id("api-key")).sendKeys("not-the-key");
        page.findElement(By.id("create-user")).click();
        WebElement status = page.findElement(By.id("status"));
        wait(page).until(ExpectedConditions.textToBePresentInElement(status, "401"));
        assertTrue(status.getText().contains("X-API-Key"), status.getText());
        assertTrue(page.findElement(By.id("rate")).getDomAttribute("hidden") != null, "no user, nothing to rate");
    }

    private static WebDriver open() {
        WebDriver page = chromium.driver();
        page.get("http://127.0.0.1:" + server.port() + "/");
        wait(page).until(ExpectedConditions.elementToBeClickable(By.id("create-user")));
        return page;
    }

    /**
     * Waits until the recommendation list has been rendered {@code updates} times and adapted on
     * {@code ratings} ratings; returns the item ids shown, in order.
     */
    private static List<String> awaitRecommendations(WebDriver page, int ratings, int updates) {
        WebElement list = page.findElement(By.id("recommendations"));
        wait(page).until(ExpectedConditions.attributeToBe(list, "data-updates", String.valueOf(updates)));
        assertEquals(String.valueOf(ratings), list.getDomAttribute("data-adapted-on"));
        return list.findElements(By.tagName("li")).stream().map(li -> li.getDomAttribute("data-item-id")).toList();
    }

    /** "id score" lines of the shown list: the list changes when either order or scores move. */
    private static List<String> scoresShown(WebDriver page, List<String> ids) {
        List<WebElement> rows = page.findElements(By.cssSelector("#recommendations li"));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            out.add(ids.get(i) + " " + rows.get(i).findElement(By.className("score")).getText());
        }
        return out;
    }

    private static List<String> recommendedByServer(String user) throws Exception {
        List<String> ids = new ArrayList<>();
        http.get("/v1/users/" + user + "/recommendations?k=10").body().get("items")
                .forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static WebDriverWait wait(WebDriver page) {
        return new WebDriverWait(page, Duration.ofSeconds(20));
    }
}
